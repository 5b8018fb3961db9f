/// Quoted-printable (RFC 2045 6.7) with CRLF line ends: every line break of the text (LF, CRLF or a
/// lone CR) becomes CRLF, bytes outside printable ASCII and `=` become `=XX`, a space or tab before a
/// line end is encoded, and lines are broken softly (`=` CRLF) before 76 characters. A `.` that starts a
/// line is encoded too (`=2E`), so the body survives even a server that mishandles dot-stuffing.
enum QuotedPrintable {
    static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var column = 0
        let hex = Array("0123456789ABCDEF".utf8)
        let bytes = Array(text.utf8)
        var index = 0

        func emit(_ chunk: [UInt8]) {
            if column + chunk.count > 75 {
                out += [UInt8(ascii: "="), 0x0D, 0x0A]
                column = 0
            }
            out += chunk
            column += chunk.count
        }
        func escaped(_ byte: UInt8) -> [UInt8] { [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]] }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                out += [0x0D, 0x0A]
                column = 0
                index += (byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) ? 2 : 1
                continue
            }
            let atLineEnd = index + 1 == bytes.count || bytes[index + 1] == 0x0D || bytes[index + 1] == 0x0A
            switch byte {
            case 0x20, 0x09:
                emit(atLineEnd ? escaped(byte) : [byte])
            case UInt8(ascii: ".") where column == 0:
                emit(escaped(byte))
            case 0x21...0x7E where byte != UInt8(ascii: "="):
                emit([byte])
            default:
                emit(escaped(byte))
            }
            index += 1
        }
        if out.last != 0x0A { out += [0x0D, 0x0A] }
        return out
    }
}
