import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import HTTPTypes
import HummingbirdTesting
import Testing

/// What surrounds the ticket pages: languages, dates, branding, static files, template overrides.
@Suite struct PortalChromeTests {
    @Test("Language: the switch's cookie wins over Accept-Language, which wins over the default; every page text in Finnish")
    func language() async throws {
        let gateway = try await TestGateway()
        let ada = try await gateway.contact("ada@example.com")
        // The test clock starts at 2027-01-15 08:00 UTC.
        let ticket = try await gateway.ticket("Printer", by: ada)
        try await gateway.run { browser in
            try await gateway.signIn(browser, "ada@example.com")
            let english = try await browser.get("/tickets")
            #expect(english.text.contains("<html lang=\"en\">") && english.text.contains("Your tickets") && english.text.contains("15 Jan 2027"))
            let finnish = try await browser.get("/tickets", headers: [.acceptLanguage: "fi-FI, en;q=0.5"])
            #expect(finnish.text.contains("<html lang=\"fi\">") && finnish.text.contains("Tikettisi") && finnish.text.contains("15.1.2027"))
            #expect(finnish.text.contains("Tee tukipyyntö") && finnish.text.contains("Avoin") && finnish.text.contains("Kirjaudu ulos"))
            let detail = try await browser.get("/tickets/\(ticket.id)", headers: [.acceptLanguage: "fi"])
            #expect(detail.text.contains("Keskustelu") && detail.text.contains("klo"))

            let choose = try await browser.get("/language?lang=de&return_to=%2Ftickets%3Fstatus%3Dopen")
            #expect(choose.status == .seeOther && choose.location == "/tickets?status=open")
            let cookie = try #require(choose.setCookieHeader(named: "gatehouse_lang"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Max-Age="))
            let german = try await browser.get("/tickets", headers: [.acceptLanguage: "fi"])
            #expect(german.text.contains("<html lang=\"de\">"))
            for bad in ["/language?lang=xx", "/language"] {
                #expect(try await browser.get(bad).status == .badRequest)
            }
            let offsite = try await browser.get("/language?lang=fi&return_to=https://evil.example/")
            #expect(offsite.location == "/tickets")
            let protocolRelative = try await browser.get("/language?lang=fi&return_to=//evil.example/")
            #expect(protocolRelative.location == "/tickets")
            browser.setCookie("gatehouse_lang", "klingon")
            #expect(try await browser.get("/tickets").text.contains("<html lang=\"en\">"), "an unknown cookie value is ignored")
        }
    }

    @Test("Every English page text has a Finnish (and German) translation")
    func translationsComplete() async throws {
        let gateway = try await TestGateway()
        let ada = try await gateway.contact("ada@example.com")
        try await gateway.dependencies.contacts.setAgent(ada.id, true)
        let ticket = try await gateway.ticket("Printer", by: ada)
        try await gateway.run { browser in
            try await gateway.signIn(browser, "ada@example.com")
            for path in ["/tickets", "/tickets/\(ticket.id)", "/tickets/new", "/agent/tickets", "/agent/tickets/\(ticket.id)", "/tickets/999"] {
                let english = try await browser.get(path).text
                let finnish = try await browser.get(path, headers: [.acceptLanguage: "fi"]).text
                for phrase in [
                    "Tickets", "Sign out", "Status", "Reply", "Subject", "Search", "Conversation", "Agent inbox", "There is no such ticket",
                ]
                where english.contains(">\(phrase)") {
                    #expect(!finnish.contains(">\(phrase)"), "\(path): \(phrase) untranslated in Finnish")
                }
            }
        }
    }

    @Test("Branding: logo, favicon and colours from config; an external logo origin joins the CSP's img-src; the KB link only when set")
    func branding() async throws {
        let gateway = try await TestGateway(
            branding: .init(
                logoURL: "https://cdn.example.com/logo.png", faviconURL: "/static/favicon.svg", primaryColor: "#aa0000", accentColor: "#00bb00"))
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            try await gateway.signIn(browser, "ada@example.com")
            let page = try await browser.get("/tickets")
            #expect(page.text.contains("src=\"https://cdn.example.com/logo.png\"") && page.text.contains("rel=\"icon\" href=\"/static/favicon.svg\""))
            #expect(!page.text.contains("nav-knowledge-base"))
            let csp = try #require(page.headers[.contentSecurityPolicy])
            #expect(csp.contains("img-src 'self' https://cdn.example.com;"))
            let brand = try await browser.get("/static/brand.css")
            #expect(brand.status == .ok && brand.text.contains("--brand: #aa0000") && brand.text.contains("--accent: #00bb00"))
            #expect(brand.headers[.contentType] == "text/css; charset=utf-8")
            for path in ["/static/gatehouse.css", "/static/logo.svg", "/static/favicon.svg", "/static/saml-post.js"] {
                #expect(try await browser.get(path).status == .ok, "\(path)")
            }
            #expect(try await browser.get("/static/../Package.swift").status == .notFound)
            #expect(try await browser.get("/static/nothing.css").status == .notFound)
        }
    }

    @Test("Templates from portal.templates_directory replace the built-in ones; unknown names and broken templates fail startup")
    func templateOverrides() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "{{> header}}<h1 class=\"custom\">Our own list: {{heading}}</h1>{{#rows}}<p class=\"row\">{{subject}}</p>{{/rows}}{{> footer}}"
            .write(to: directory.appendingPathComponent("tickets.mustache"), atomically: true, encoding: .utf8)
        let gateway = try await TestGateway(templatesDirectory: directory.path)
        let ada = try await gateway.contact("ada@example.com")
        try await gateway.ticket("<b>Bold</b> subject", by: ada)
        try await gateway.run { browser in
            try await gateway.signIn(browser, "ada@example.com")
            let page = try await browser.get("/tickets")
            #expect(page.text.contains("<h1 class=\"custom\">Our own list: Your tickets</h1>"))
            #expect(page.text.contains("<p class=\"row\">&lt;b&gt;Bold&lt;/b&gt; subject</p>"))
            #expect(page.text.contains("action=\"/logout\""), "the built-in header partial still applies")
        }

        try "{{#rows}}unclosed".write(to: directory.appendingPathComponent("ticket.mustache"), atomically: true, encoding: .utf8)
        await #expect(throws: ConfigurationError.self) { try await TestGateway(templatesDirectory: directory.path) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("ticket.mustache"))
        try "x".write(to: directory.appendingPathComponent("tickts.mustache"), atomically: true, encoding: .utf8)
        await #expect(throws: ConfigurationError.self) { try await TestGateway(templatesDirectory: directory.path) }
        await #expect(throws: ConfigurationError.self) { try await TestGateway(templatesDirectory: directory.path + "-missing") }
    }
}
