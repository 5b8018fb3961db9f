import Foundation
import Testing

@testable import GatehouseApp

@Suite struct TemplateTests {
    static let templates: [(name: String, text: String)] = {
        let directory = PageRenderer.resourceDirectory!.appendingPathComponent("Templates")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { ($0, (try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) ?? "") }
    }()

    @Test("Templates only use escaped {{x}}: no triple mustaches, no {{& x}}, no inline script or style")
    func escapedOnly() {
        #expect(Self.templates.count == PageRenderer.requiredTemplates.count)
        for (name, text) in Self.templates {
            #expect(!text.contains("{{{"), "\(name)")
            #expect(!text.contains("{{&"), "\(name)")
            // Scripts only from our origin (the SAML POST page's auto-submit), never inline.
            #expect(!text.contains("<script>") && !text.contains("style=") && !text.contains("<style"), "\(name)")
            for match in text.matches(of: /<script[^>]*>/) { #expect(match.output.contains("src=\"/static/"), "\(name)") }
        }
    }

    @Test("Every {{t.key}} a built-in template uses is a text (every language has every text: PageTexts does not compile otherwise)")
    func translations() throws {
        let english = Set(PageTexts.mustacheTable(for: .en).keys)
        let pattern = try Regex(#"\{\{(?:chrome\.)?t\.([a-z_]+)\}\}"#)
        for (name, text) in Self.templates {
            for match in text.matches(of: pattern) {
                let key = String(match.output[1].substring ?? "")
                #expect(english.contains(key), "\(name) uses missing text \(key)")
            }
        }
    }

    @Test("Values are HTML-escaped when rendered")
    func escaping() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            try await browser.get("/login")
            let response = try await browser.post("/login", form: [("email", "\"><script>alert(1)</script>"), ("password", "x")])
            #expect(!response.text.contains("<script>alert(1)"))
            #expect(response.text.contains("&quot;&gt;&lt;script&gt;"))
        }
    }

    @Test("Language negotiation follows q-values, then order")
    func negotiation() {
        #expect(Language.negotiate("de-AT", default: .en) == .de)
        #expect(Language.negotiate("en;q=0.2, de;q=0.9", default: .en) == .de)
        #expect(Language.negotiate("de;q=0, fr", default: .en) == .en)
        #expect(Language.negotiate(nil, default: .de) == .de)
        #expect(Language.negotiate("*", default: .de) == .de)
    }
}
