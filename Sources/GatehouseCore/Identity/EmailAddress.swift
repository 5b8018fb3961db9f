/// An email address as Gatehouse stores and compares it: trimmed, lowercased, and plausibly an address.
///
/// Deliberately not an RFC 5322 parser: it refuses what no mailbox an SSO IdP or a customer would use
/// looks like (no `@`, spaces, control characters, quotes, over 254 bytes) and nothing else.
public struct EmailAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    public init?(_ raw: String) {
        let trimmed = raw.trimmingXMLWhitespace.lowercased()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard trimmed.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64,
            parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            trimmed.unicodeScalars.allSatisfy(Self.isAllowed)
        else { return nil }
        value = trimmed
    }

    public var description: String { value }

    /// Not a space or separator of any script, not a C0/C1 control or invisible formatting character
    /// (which would make a lookalike of another address), not an RFC 5322 special.
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let category = scalar.properties.generalCategory
        return scalar.value > 0x20 && !scalar.properties.isWhitespace
            && ![.control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate].contains(category)
            && !"\"<>(),;:\\[]".unicodeScalars.contains(scalar)
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let email = EmailAddress(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Not an email address"))
        }
        self = email
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    var trimmingXMLWhitespace: String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let start = utf8.firstIndex(where: { !isSpace($0) }), let end = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
