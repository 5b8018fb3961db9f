internal import COpenSSL
import Foundation

/// Base64 as it appears in XML (`SignatureValue`, `CipherValue`, form posts): line breaks and
/// indentation allowed, anything else refused.
public enum Base64 {
    /// Decodes `text`, ignoring XML whitespace (space, tab, CR, LF); `nil` for any other stray character
    /// or bad padding. Foundation's `.ignoreUnknownCharacters` would silently skip garbage instead.
    /// OpenSSL's `EVP_DecodeBlock` does the decoding; this only strips whitespace and checks padding.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var text = String(text)
        return text.withUTF8 { decode(bytes: $0) }
    }

    /// Decodes base64 given as UTF-8 bytes; see ``decode(_:)``.
    public static func decode(bytes text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if let decoded = decodeWithoutWhitespace(text) { return decoded }
        var compact = [UInt8](repeating: 0, count: text.count)
        var count = 0
        var padding = 0
        let ok = compact.withUnsafeMutableBufferPointer { output -> Bool in
            for byte in text {
                switch byte {
                case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2B, 0x2F:  // A-Z a-z 0-9 + /
                    // Data after padding is malformed.
                    guard padding == 0 else { return false }
                case 0x3D:  // =
                    padding += 1
                case 0x20, 0x09, 0x0D, 0x0A:  // XML whitespace
                    continue
                default:
                    return false
                }
                output[count] = byte
                count += 1
            }
            return true
        }
        guard ok, count % 4 == 0, padding <= 2 else { return nil }
        if count == 0 { return [] }
        var decoded = [UInt8](repeating: 0, count: count / 4 * 3)
        let length = EVP_DecodeBlock(&decoded, compact, Int32(count))
        guard length >= 0 else { return nil }
        decoded.removeLast(padding)
        return decoded
    }

    /// The common case of base64 on one line, decoded without an intermediate copy; `nil` when the
    /// text has whitespace or anything unusual, which the general path then handles (or refuses).
    private static func decodeWithoutWhitespace(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard !text.isEmpty, text.count % 4 == 0 else { return nil }
        let padding = text[text.count - 1] == 0x3D ? (text[text.count - 2] == 0x3D ? 2 : 1) : 0
        let isAlphabet = alphabet
        for byte in text[..<(text.count - padding)] where !isAlphabet[Int(byte)] {
            return nil
        }
        var decoded = [UInt8](repeating: 0, count: text.count / 4 * 3)
        guard EVP_DecodeBlock(&decoded, text.baseAddress, Int32(text.count)) >= 0 else { return nil }
        decoded.removeLast(padding)
        return decoded
    }

    /// Whether each byte value is in the base64 alphabet (A-Z a-z 0-9 + /).
    private static let alphabet: [Bool] = (0...255).map { value in
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2B, 0x2F: true
        default: false
        }
    }

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }
}
