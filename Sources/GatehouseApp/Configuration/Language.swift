import Foundation

/// The languages the pages are written in. Each page picks one from the browser's `Accept-Language`,
/// falling back to the configured default.
public enum Language: String, Sendable, CaseIterable, Codable {
    case en
    case fi
    case de

    /// The best supported language for an `Accept-Language` header (RFC 9110 §12.5.4), by q-value then order.
    public static func negotiate(_ header: String?, default fallback: Language) -> Language {
        guard let header, header.utf8.count <= 512 else { return fallback }
        var best: (language: Language, quality: Double)?
        for item in header.split(separator: ",").prefix(20) {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard quality > 0, let language = Language(rawValue: primary) else { continue }
            if best == nil || quality > best!.quality { best = (language, quality) }
        }
        return best?.language ?? fallback
    }

    /// The language's own name, for the switch in the page header.
    public var nativeName: String {
        switch self {
        case .en: "English"
        case .fi: "Suomi"
        case .de: "Deutsch"
        }
    }

    /// The locale dates are formatted with.
    public var locale: Locale {
        switch self {
        case .en: Locale(identifier: "en_GB")
        case .fi: Locale(identifier: "fi_FI")
        case .de: Locale(identifier: "de_DE")
        }
    }
}
