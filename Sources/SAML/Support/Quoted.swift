/// Renders a value taken from a document for use inside an error message: quoted, with control
/// characters escaped and long values cut, so a hostile value cannot forge log lines or flood them.
enum Quoted {
    static func value(_ text: String?, limit: Int = 160) -> String {
        guard let text else { return "(absent)" }
        var result = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                result += "…"
                break
            }
            switch scalar.value {
            case 0x20..<0x7F where scalar != "\"" && scalar != "\\": result.unicodeScalars.append(scalar)
            case 0xA0...0x10FFFF where !(0x2028...0x2029).contains(scalar.value): result.unicodeScalars.append(scalar)
            default: result += "\\u{\(String(scalar.value, radix: 16))}"
            }
            count += 1
        }
        return result + "\""
    }
}
