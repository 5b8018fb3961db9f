import Configuration
import Foundation
import GatehouseCore

/// Typed, required reads from a `ConfigReader` whose errors name the key and the expected type.
///
/// Every key has a default in ``ConfigurationSchema``, so `required*` never fails for a key left out;
/// it fails for a value that does not parse, which the optional readers would replace by the default.
struct ConfigurationFields {
    let reader: ConfigReader

    init(_ reader: ConfigReader) {
        self.reader = reader
    }

    func string(_ key: String, isSecret: Bool = false) throws(ConfigurationError) -> String {
        try read(key, "a string") { try reader.requiredString(forKey: ConfigKey(key), isSecret: isSecret) }
    }

    func bool(_ key: String) throws(ConfigurationError) -> Bool {
        try read(key, "true or false") { try reader.requiredBool(forKey: ConfigKey(key)) }
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let value = try read(key, "a whole number") { try reader.requiredInt(forKey: ConfigKey(key)) }
        guard range.contains(value) else { throw ConfigurationError(key: key, "\(value) is outside \(range.lowerBound)…\(range.upperBound)") }
        return value
    }

    func stringArray(_ key: String) throws(ConfigurationError) -> [String] {
        try read(key, "a list of strings") { try reader.requiredStringArray(forKey: ConfigKey(key)) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// IdP and app names: they appear in URLs, environment variable names and key paths.
    func names(_ key: String) throws(ConfigurationError) -> [String] {
        let names = try stringArray(key)
        for name in names where !(1...40).contains(name.count) || !name.utf8.allSatisfy(Self.isNameByte) {
            throw ConfigurationError(key: key, "\(name.debugDescription) is not a name of lowercase letters, digits and _ (up to 40)")
        }
        guard Set(names).count == names.count else { throw ConfigurationError(key: key, "lists a name twice") }
        return names
    }

    /// `#rrggbb`, the only colour form accepted (it goes into a stylesheet).
    func color(_ key: String) throws(ConfigurationError) -> String {
        let value = try string(key)
        guard value.utf8.count == 7, value.hasPrefix("#"), value.utf8.dropFirst().allSatisfy({ $0.isHexDigit }) else {
            throw ConfigurationError(key: key, "\(value.debugDescription) is not a colour like #1f5fbf")
        }
        return value.lowercased()
    }

    /// A path on this server (`/static/logo.svg`) or an https URL.
    func imageURL(_ key: String) throws(ConfigurationError) -> String {
        let value = try string(key)
        if value.hasPrefix("/"), !value.hasPrefix("//"), value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" }) {
            return value
        }
        guard let components = URLComponents(string: value), components.scheme == "https", components.host?.isEmpty == false, !value.contains("\"")
        else {
            throw ConfigurationError(key: key, "\(value.debugDescription) is neither a path on this server nor an https URL")
        }
        return value
    }

    /// `[all]`, or the names of the contact lists whose members may enter.
    func audienceRule(_ key: String) throws(ConfigurationError) -> AudienceRule {
        let names = try stringArray(key)
        if names.map({ $0.lowercased() }) == ["all"] { return .all }
        guard !names.isEmpty else { throw ConfigurationError(key: key, "is empty; use [all] or name at least one contact list") }
        guard !names.contains(where: { $0.lowercased() == "all" }) else {
            throw ConfigurationError(key: key, "mixes all with list names; use [all] alone or only list names")
        }
        return .lists(Set(names))
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }

    private func read<T>(_ key: String, _ expected: String, _ body: () throws -> T) throws(ConfigurationError) -> T {
        do {
            return try body()
        } catch {
            let variable = "GATEHOUSE_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
            throw ConfigurationError(key: key, "is not \(expected) (check the file and the environment variable \(variable))")
        }
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
