import GatehouseCore
import Testing

@Suite struct CompiledTemplateTests {
    @Test("Placeholders are filled each time they occur; a value is never read as a placeholder; unknown ones stay")
    func render() {
        let template = CompiledTemplate("#{{id}}: {{subject}} ({{id}}) {{unknown}} {{link}}")
        let text = template.render(["id": "7", "subject": "{{link}} {{id}}", "link": "https://x"])
        #expect(text == "#7: {{link}} {{id}} (7) {{unknown}} https://x")
    }

    @Test("Braces that are no placeholder stay as written: unclosed, empty, spaces, symbols, at the ends")
    func literalBraces() {
        for text in ["{{", "}}", "a {{ b", "{{}}", "{{ id }}", "{{i-d}}", "x {{id", "{{{id}}}", ""] {
            #expect(CompiledTemplate(text).render(["id": "7"]) == text, "\(text)")
        }
    }
}
