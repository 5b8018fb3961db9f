import Foundation
import Testing

@testable import GatehouseApp

@Suite struct HTMLTests {
    static let hostile = [
        "\"\u{301} onfocus=alert(1)", "'\u{301}", "</script><script>alert(1)</script>", "a\u{0}b", "&amp;", "<!--", "]]>", "\u{202E}evil",
        "x\u{FEFF}y", "😀\"😀", "", "plain",
        // Invalid UTF-8 as it arrives in a form or header: decoding repairs it to U+FFFD, then the markup is escaped.
        String(decoding: [0x61, 0xFF, 0x3C, 0x73, 0xC3, 0x22], as: UTF8.self),
    ]

    @Test(
        "Interpolated text (and the templates' escaper) is escaped like an independent per-scalar reference; NUL becomes U+FFFD", arguments: hostile)
    func escapesLikeReference(_ value: String) {
        let html: HTML = "<input value=\"\(value)\">"
        #expect(HTMLEscaping.escape(value) == Self.reference(value))
        let reference = Self.reference(value)
        #expect(html.text == "<input value=\"" + reference + "\">")
        #expect(!html.bytes.contains(0))
        // Nothing interpolated can close the attribute or open a tag.
        let inner = html.text.dropFirst("<input value=\"".count).dropLast(2)
        #expect(!inner.utf8.contains(0x22) && !inner.utf8.contains(0x3C) && !inner.utf8.contains(0x3E))
    }

    /// An independent statement of the rule, per Unicode scalar (the writer works on bytes).
    static func reference(_ text: String) -> String {
        let replacements: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;", "\u{0}": "\u{FFFD}"]
        return text.unicodeScalars.map { replacements[$0] ?? String($0) }.joined()
    }

    @Test("HTML values nest without double escaping; numbers are digits; trusted markup only by its spelling")
    func composition() {
        let cell: HTML = "<td>\("a<b")</td>"
        let rows: [HTML] = [cell, "<td>\(42)</td>"]
        let table: HTML = "<tr>\(rows)</tr>\(trusted: TrustedHTML(vouchedFor: "<b>x</b>"))"
        #expect(table.text == "<tr><td>a&lt;b</td><td>42</td></tr><b>x</b>")
        var built = HTML()
        built.append("<p>")
        built.append(escaping: "'")
        built.append("</p>")
        #expect(built.text == "<p>&#39;</p>")
    }
}
