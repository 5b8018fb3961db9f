import Foundation

/// Base64 as it appears in XML (`SignatureValue`, `CipherValue`, form posts): line breaks and
/// indentation allowed, anything else refused.
public enum Base64 {
    /// Decodes `text`, ignoring XML whitespace (space, tab, CR, LF); `nil` for any other stray character
    /// or bad padding. Foundation's `.ignoreUnknownCharacters` would silently skip garbage instead.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var compact = [UInt8]()
        compact.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
                compact.append(byte)
            default:
                return nil
            }
        }
        guard let data = Data(base64Encoded: Data(compact)) else { return nil }
        return [UInt8](data)
    }

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }
}
