import Testing

@testable import GatehouseApp

@Suite struct MailComposerTests {
    @Test("The HTML part: paragraphs at blank lines, <br> within, every character escaped, http(s) URLs as links")
    func html() {
        let text =
            "Hello <b>Ada</b> & \"co\",\r\n\r\nsee https://portal.example/tickets/7?x=1&y=2 or http://a.example.\nhttpd is no link.\n  \n\nLast"
        let html = MailComposer.html(fromText: text, language: "fi")
        #expect(html.contains("<html lang=\"fi\">"))
        #expect(html.contains("<p>Hello &lt;b&gt;Ada&lt;/b&gt; &amp; &quot;co&quot;,</p>"))
        #expect(
            html.contains(
                "<p>see <a href=\"https://portal.example/tickets/7?x=1&amp;y=2\">https://portal.example/tickets/7?x=1&amp;y=2</a> or <a href=\"http://a.example.\">http://a.example.</a><br>httpd is no link.</p>"
            ))
        #expect(html.contains("<p>Last</p>"))
        #expect(!html.contains("<b>") && !html.contains("<p></p>"))
    }

    @Test("A URL cannot leave its attribute: it ends at a quote or an angle bracket")
    func urlBoundaries() {
        let html = MailComposer.html(fromText: "https://x.example/\"onmouseover=\"alert(1) https://y.example/<script>", language: "en")
        #expect(html.contains("<a href=\"https://x.example/\">https://x.example/</a>&quot;onmouseover=&quot;alert(1)"))
        #expect(html.contains("<a href=\"https://y.example/\">https://y.example/</a>&lt;script&gt;"))
    }
}
