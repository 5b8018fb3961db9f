import Foundation

/// A JWS in compact serialization (RFC 7515 §7.1), split and decoded but not yet trusted: the header
/// and payload are parsed strictly so the signature check and the claim rules read the same values.
public struct CompactJWT: Sendable {
    /// Largest token accepted: SSO tokens are a few hundred bytes; a cap keeps parsing cheap and
    /// bounds what a query string can make the server decode.
    public static let maximumLength = 8 * 1024

    public let header: [String: JSONValue]
    public let payload: [String: JSONValue]
    /// The `alg` header value.
    public let algorithm: String
    /// The `kid` header value, when present.
    public let keyID: String?
    /// The token as received, for signature verification.
    public let token: String

    public init(_ token: String) throws(Rejection) {
        guard token.utf8.count <= Self.maximumLength else {
            throw Self.rejection(Reasons.jwtTooLarge, "\(token.utf8.count) bytes; the limit is \(Self.maximumLength)")
        }
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else {
            throw Self.rejection(
                Reasons.jwtMalformed, "\(segments.count) dot-separated segments, expected 3 (JWE and JSON serialization are not accepted)")
        }
        guard let headerBytes = Self.base64URLDecode(segments[0]), let payloadBytes = Self.base64URLDecode(segments[1]),
            !segments[2].isEmpty, Self.base64URLDecode(segments[2]) != nil
        else {
            throw Self.rejection(Reasons.jwtMalformed, "a segment is empty or not base64url")
        }
        let header = try Self.object(headerBytes, part: "header")
        let payload = try Self.object(payloadBytes, part: "payload")
        guard let algorithm = header["alg"]?.stringValue else {
            throw Self.rejection(Reasons.jwtMalformed, "the header has no string alg")
        }
        if let type = header["typ"], type.stringValue?.uppercased() != "JWT" {
            throw Self.rejection(Reasons.jwtMalformed, "typ is not JWT")
        }
        // RFC 7515 §4.1.11: a recipient must reject critical extensions it does not understand (all of them here).
        guard header["crit"] == nil else {
            throw Self.rejection(Reasons.jwtMalformed, "the header lists critical extensions")
        }
        if let kid = header["kid"], kid.stringValue == nil {
            throw Self.rejection(Reasons.jwtMalformed, "kid is a \(kid.typeName), not a string")
        }
        self.header = header
        self.payload = payload
        self.algorithm = algorithm
        self.keyID = header["kid"]?.stringValue
        self.token = token
    }

    private static func object(_ bytes: [UInt8], part: String) throws(Rejection) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try StrictJSONParser().parse(bytes)
        } catch {
            switch error {
            case .duplicateName(let name):
                throw rejection(Reasons.jwtDuplicateClaim, "the \(part) has two members named \(name.debugDescription)")
            case .malformed(let problem):
                throw rejection(Reasons.jwtMalformed, "the \(part) is not valid JSON: \(problem)")
            }
        }
        guard let object = value.objectValue else { throw rejection(Reasons.jwtMalformed, "the \(part) is a \(value.typeName), not an object") }
        return object
    }

    /// Unpadded base64url (RFC 7515 §2); padding, `+`, `/` and whitespace are refused.
    public static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        guard !text.isEmpty, text.utf8.count % 4 != 1,
            text.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
        else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        // Only the canonical encoding (unused trailing bits zero), so one token has one spelling.
        guard let bytes = Data(base64Encoded: base64).map(Array.init), base64URLEncode(bytes) == text else { return nil }
        return bytes
    }

    /// Base64 with `-` and `_`, unpadded; byte by byte (Foundation's string replacing was most of its cost).
    public static func base64URLEncode(_ bytes: some Sequence<UInt8>) -> String {
        let standard = Data(bytes).base64EncodedString().utf8
        var output: [UInt8] = []
        output.reserveCapacity(standard.count)
        for byte in standard where byte != UInt8(ascii: "=") {
            output.append(byte == UInt8(ascii: "+") ? UInt8(ascii: "-") : byte == UInt8(ascii: "/") ? UInt8(ascii: "_") : byte)
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func rejection(_ code: ReasonCode, _ detail: String) -> Rejection {
        Rejection(code: code, summary: Reasons.summary(of: code), detail: detail)
    }
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
