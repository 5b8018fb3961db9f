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

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }
}
