/// A stable, machine-readable reason for refusing something: `saml.audience_mismatch`,
/// `jwt.expired`, `login.throttled`. Logs, metrics, the refusal page and adopters' tests match on it.
///
/// The code is namespaced by the component that refuses (`saml.`, `jwt.`, `login.`, …), lowercase
/// with underscores, and never changes once released; new situations get new codes.
public struct ReasonCode: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    /// A code, validated against the naming rule (`component.snake_case`).
    public init?(_ rawValue: String) {
        guard Self.isWellFormed(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// A code written in source; a malformed literal is a programming error.
    public init(stringLiteral value: String) {
        precondition(Self.isWellFormed(value), "Malformed reason code literal: \(value)")
        rawValue = value
    }

    public var description: String { rawValue }

    /// The component prefix (`saml` for `saml.audience_mismatch`).
    public var component: Substring {
        rawValue.prefix { $0 != "." }
    }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        guard let code = ReasonCode(value) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Malformed reason code \(value)"))
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    static func isWellFormed(_ value: String) -> Bool {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, value.utf8.count <= 64 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.first, first.isASCII, first.isLowercase else { return false }
            return part.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
        }
    }
}
