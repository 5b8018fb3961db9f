import Crypto
import Foundation

/// A random secret handed to a browser or mailbox (session id, email token, SAML browser key), and
/// the digest under which the server stores it.
public struct OneTimeToken: Sendable, Equatable {
    /// 256 random bits, base64url without padding: what goes into the link or cookie.
    public let value: String

    public init() {
        // Four 64-bit draws rather than 32 byte draws: each draw is a getrandom(2) call on Linux.
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 { withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) } }
        value = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public var digest: String { Self.digest(of: value) }

    /// The hex SHA-256 of a presented token, for lookups. Presented values are not trusted to be
    /// well-formed; anything hashes.
    public static func digest(of presented: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(presented.utf8)) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether a presented value looks like one we issued (43 base64url characters), before any lookup.
    public static func hasShape(_ presented: String) -> Bool {
        presented.utf8.count == 43
            && presented.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
    }

    /// Constant-time comparison of two presented secrets (CSRF tokens).
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
