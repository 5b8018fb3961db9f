import GatehouseCore
import Testing

@Suite struct EmailTemplateTests {
    static let template = EmailTemplate(
        subject: "Welcome to {{portal}}, {{name}}", body: "Hello {{name}},\n\n{{link}}\n\n-- {{portal}} ({{portal}})\n")

    @Test("Every placeholder is replaced, each time it occurs")
    func placeholders() {
        let rendered = Self.template.render(name: "Ada", link: "https://portal.example/verify?token=abc", portal: "Acme")
        #expect(rendered.subject == "Welcome to Acme, Ada")
        #expect(rendered.body == "Hello Ada,\n\nhttps://portal.example/verify?token=abc\n\n-- Acme (Acme)\n")
    }

    @Test("Text without placeholders and unknown placeholders stay as written")
    func unknownPlaceholders() {
        let rendered = EmailTemplate(subject: "Hi {{unknown}}", body: "{{ name }} {{NAME}} {name}").render(name: "Ada", link: "L", portal: "P")
        #expect(rendered.subject == "Hi {{unknown}}")
        #expect(rendered.body == "{{ name }} {{NAME}} {name}")
    }

    @Test(
        "A line break in the subject (header injection) is flattened to one line",
        arguments: ["\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\n\n\r\n"])
    func subjectInjection(_ lineBreak: String) {
        let rendered = Self.template.render(name: "Ada\(lineBreak)Bcc: mallory@example.com", link: "L", portal: "Acme")
        #expect(rendered.subject == "Welcome to Acme, Ada Bcc: mallory@example.com")
        #expect(!rendered.subject.unicodeScalars.contains { [0x0A, 0x0D].contains($0.value) })
    }

    @Test("Line breaks in the configured subject itself are flattened too")
    func configuredSubjectLineBreaks() {
        let rendered = EmailTemplate(subject: "\r\nYour\n{{portal}}\r\naccount\n", body: "").render(name: "", link: "", portal: "Acme")
        #expect(rendered.subject == "Your Acme account")
    }

    @Test("The body keeps its line breaks, including those in values")
    func bodyKeepsLines() {
        let rendered = Self.template.render(name: "Ada\nLovelace", link: "L", portal: "Acme")
        #expect(rendered.body.hasPrefix("Hello Ada\nLovelace,\n\n"))
    }

    @Test("Values are inserted verbatim: placeholder text inside a value is not expanded again")
    func valuesVerbatim() {
        let rendered = EmailTemplate(subject: "S", body: "Hello {{name}}, {{link}}").render(name: "{{link}}", link: "https://x/secret", portal: "P")
        #expect(rendered.body == "Hello {{link}}, https://x/secret")
    }

    @Test("The built-in templates carry every value they promise")
    func builtIns() {
        for template in [EmailTemplate.registration, .alreadyRegistered, .passwordReset, .invitation] {
            let rendered = template.render(name: "Ada", link: "https://portal.example/t?token=xyz", portal: "Acme Portal")
            #expect(rendered.subject.contains("Acme Portal"))
            #expect(rendered.body.contains("https://portal.example/t?token=xyz"))
            #expect(!rendered.subject.contains("{{") && !rendered.body.contains("{{"))
        }
    }
}
