/// Converts ECDSA signatures between XML Signature's `r || s` and the DER `ECDSA-Sig-Value`
/// (RFC 3279) that the openssl CLI reads and writes. Written here from the ASN.1 definition so the
/// tests do not reuse the library's own conversion.
enum ECDSASignatureDER {
    static func der(fromConcatenated signature: [UInt8]) -> [UInt8] {
        let half = signature.count / 2
        let body = integer(Array(signature[..<half])) + integer(Array(signature[half...]))
        return [0x30] + length(body.count) + body
    }

    static func concatenated(fromDER der: [UInt8], fieldLength: Int) -> [UInt8]? {
        var index = 0
        guard der.count > 2, der[0] == 0x30, let (sequenceLength, afterLength) = readLength(der, at: 1),
            afterLength + sequenceLength == der.count
        else { return nil }
        index = afterLength
        var result: [UInt8] = []
        for _ in 0..<2 {
            guard index < der.count, der[index] == 0x02, let (count, start) = readLength(der, at: index + 1), start + count <= der.count
            else { return nil }
            var value = Array(der[start..<(start + count)])
            while value.count > fieldLength, value.first == 0 { value.removeFirst() }
            guard value.count <= fieldLength else { return nil }
            result += [UInt8](repeating: 0, count: fieldLength - value.count) + value
            index = start + count
        }
        return index == der.count ? result : nil
    }

    private static func integer(_ magnitude: [UInt8]) -> [UInt8] {
        var value = Array(magnitude.drop { $0 == 0 })
        if value.isEmpty { value = [0] }
        if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
        return [0x02] + length(value.count) + value
    }

    private static func length(_ count: Int) -> [UInt8] {
        count < 0x80 ? [UInt8(count)] : [0x81, UInt8(count)]
    }

    private static func readLength(_ bytes: [UInt8], at index: Int) -> (Int, Int)? {
        guard index < bytes.count else { return nil }
        if bytes[index] < 0x80 { return (Int(bytes[index]), index + 1) }
        guard bytes[index] == 0x81, index + 1 < bytes.count else { return nil }
        return (Int(bytes[index + 1]), index + 2)
    }
}
