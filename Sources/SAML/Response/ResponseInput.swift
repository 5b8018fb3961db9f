import XMLSecurity

/// Turns what arrives at the ACS — the `SAMLResponse` form value (base64) or, from the CLI, raw XML —
/// into XML bytes, enforcing the size limit before anything is decoded.
enum ResponseInput {
    static func xmlBytes(from input: [UInt8], limits: XMLParserLimits) throws(SAMLError) -> [UInt8] {
        // Base64 is 4/3 the size of its content, plus line breaks some IdPs insert.
        let encodedLimit = limits.maxBytes / 3 * 4 + limits.maxBytes / 32 + 4
        guard input.count <= max(limits.maxBytes, encodedLimit) else {
            throw SAMLError(.responseTooLarge, "The response has \(input.count) bytes; the limit is \(limits.maxBytes) bytes of XML.")
        }
        guard let first = input.first(where: { !Self.isWhitespace($0) }) else {
            throw SAMLError(.encodingInvalid, "The response is empty.")
        }
        // "<" starts XML (possibly after a BOM); anything else must be base64.
        if first == UInt8(ascii: "<") || input.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard input.count <= limits.maxBytes else {
                throw SAMLError(.responseTooLarge, "The response has \(input.count) bytes; the limit is \(limits.maxBytes).")
            }
            return input
        }
        guard let decoded = Base64.decode(String(decoding: input, as: UTF8.self)) else {
            throw SAMLError(.encodingInvalid, "The SAMLResponse value is not valid base64 (nor XML).")
        }
        guard decoded.count <= limits.maxBytes else {
            throw SAMLError(.responseTooLarge, "The decoded response has \(decoded.count) bytes; the limit is \(limits.maxBytes).")
        }
        return decoded
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
