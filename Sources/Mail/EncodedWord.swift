import Foundation

/// RFC 2047 encoded words (`=?UTF-8?B?…?=`) for header text that is not plain ASCII.
enum EncodedWord {
    /// An unstructured header value (Subject): as is when it is printable ASCII without `=?`, else
    /// encoded words of whole characters, each at most 75 characters long (RFC 2047 2), separated by
    /// spaces (where the writer folds them; a decoder drops the space between two encoded words).
    static func headerValue(_ text: String) -> String {
        if isPlain(text) { return text }
        return words(text).joined(separator: " ")
    }

    /// A display name: a quoted string when ASCII (quotes and backslashes escaped), else encoded words.
    static func phrase(_ text: String) -> String {
        if isPlain(text) {
            var quoted = "\""
            for character in text {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            return quoted + "\""
        }
        return words(text).joined(separator: " ")
    }

    private static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { (0x20...0x7E).contains($0) } && !text.contains("=?")
    }

    /// 39 bytes of UTF-8 make 52 characters of base64: with `=?UTF-8?B?` and `?=` a word of 64, so that
    /// `Subject: ` or `From: ` and one word stay within RFC 2047's 76 columns.
    private static let bytesPerWord = 39

    private static func words(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > bytesPerWord {
                words.append(word(chunk))
                chunk = []
            }
            // A single character longer than a word (a long grapheme cluster) is split by scalar.
            if bytes.count > bytesPerWord {
                for scalar in character.unicodeScalars {
                    let scalarBytes = Array(String(scalar).utf8)
                    if chunk.count + scalarBytes.count > bytesPerWord {
                        words.append(word(chunk))
                        chunk = []
                    }
                    chunk += scalarBytes
                }
            } else {
                chunk += bytes
            }
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }
}
