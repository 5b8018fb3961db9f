import Foundation
import Mustache
import Testing

@testable import GatehouseApp

/// The two shortcuts the page rendering takes must not change what is rendered.
@Suite struct RenderingShortcutTests {
    static let chrome = PageChrome(
        lang: "en", portalTitle: "Support", pageTitle: "Tickets", signedInAs: "ada@example.com", signedInName: nil, csrfToken: "token",
        t: ["a": "b"], logoURL: "/static/logo.svg", faviconURL: "/static/favicon.svg", stylesheetURL: "/s.css", brandStylesheetURL: "/b.css",
        ticketsHref: "/tickets", newTicketHref: nil, knowledgeBaseURL: "https://kb.example.com", agentInboxHref: nil,
        accountPasswordHref: "/account/password",
        languages: [.init(code: "fi", name: "Suomi", href: "/language?lang=fi", current: false)])
    static let row = TicketRow(
        id: "7", href: "/tickets/7", subject: "S", created: "c", createdISO: "ci", lastActivity: "l", lastActivityISO: "li", status: "Open",
        statusClass: "open", stage: "new", priority: nil)

    /// Every stored property answered by `child(named:)` as `Mirror` would (the lookup the shortcut replaces).
    static func expectMatchesMirror(_ model: some MustacheParent) {
        let children = Mirror(reflecting: model).children
        #expect(!children.isEmpty)
        for child in children {
            guard let label = child.label else { continue }
            #expect(flattened(model.child(named: label)) == flattened(child.value), "\(type(of: model)).\(label)")
        }
        #expect(model.child(named: "noSuchField") == nil)
    }

    /// A value's description with any layers of Optional peeled off ("nil" for none).
    static func flattened(_ value: Any?) -> String {
        guard let value else { return "nil" }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return String(describing: value) }
        return mirror.children.first.map { flattened($0.value) } ?? "nil"
    }

    @Test("Page models answer every property by name exactly as Mirror reflection would")
    func modelsMatchMirror() {
        Self.expectMatchesMirror(Self.chrome)
        Self.expectMatchesMirror(Self.chrome.languages[0])
        Self.expectMatchesMirror(Self.row)
        Self.expectMatchesMirror(
            TicketRow(
                id: "8", href: "/tickets/8", subject: "S", created: "c", createdISO: "ci", lastActivity: "l", lastActivityISO: "li", status: "Closed",
                statusClass: "closed", stage: "closed", priority: "High"))
        Self.expectMatchesMirror(Choice(value: "open", label: "Open", selected: true))
        Self.expectMatchesMirror(Pagination(page: 2, pageCount: 3, total: 60, previousHref: "/tickets", nextHref: nil))
        Self.expectMatchesMirror(
            TicketListPage(
                chrome: Self.chrome, t: ["k": "v"], heading: "H", action: "/tickets", rows: [Self.row], hasRows: true, emptyText: "none",
                statuses: [], sorts: [], search: "q", pagination: Pagination(page: 1, pageCount: 1, total: 1, previousHref: nil, nextHref: nil),
                notice: nil))
        Self.expectMatchesMirror(MessageView(id: "1", author: "Ada", byAgent: false, isNote: true, body: "b", time: "t", timeISO: "ti"))
        let error = FormError(summary: "s", code: "c")
        Self.expectMatchesMirror(error)
        let link = ConsentView.Link(title: "Privacy", url: "https://example.com/privacy")
        Self.expectMatchesMirror(link)
        let consent = ConsentView(notice: "n", checkbox: "c", required: true, links: [link], checked: false, hasLinks: true)
        Self.expectMatchesMirror(consent)
        let button = IdentityProviderButton(name: "okta", displayName: "Okta", href: "/saml/login?idp=okta")
        Self.expectMatchesMirror(button)
        Self.expectMatchesMirror(
            LoginPage(
                chrome: Self.chrome, t: [:], csrfToken: "t", returnTo: "/tickets", email: "e", error: error, notice: nil, identityProviders: [button],
                registrationOpen: true, hasIdentityProviders: true))
        Self.expectMatchesMirror(
            RegisterPage(chrome: Self.chrome, t: [:], csrfToken: "t", email: "e", name: "n", passwordRule: "r", consent: consent, error: nil))
        Self.expectMatchesMirror(
            TokenFormPage(chrome: Self.chrome, t: [:], csrfToken: "t", token: "k", name: "n", passwordRule: "r", consent: nil, error: error))
        Self.expectMatchesMirror(NoticePage(chrome: Self.chrome, t: [:], heading: "h", body: "b", link: "/login", linkText: nil))
        Self.expectMatchesMirror(
            RefusalPage(chrome: Self.chrome, t: [:], heading: "h", summary: "s", code: "c", requestID: "r", signInLink: nil))
        Self.expectMatchesMirror(SAMLPostPage(chrome: Self.chrome, t: [:], action: "https://idp", samlRequest: "x", relayState: "y"))
        Self.expectMatchesMirror(
            TicketDetailPage(
                chrome: Self.chrome, t: [:], id: "1", subject: "s", status: "Open", statusClass: "open", created: "c", createdISO: "ci",
                lastActivity: "l", lastActivityISO: "li", category: nil, priority: "High", messages: [], backHref: "/tickets",
                replyAction: "/tickets/1/messages", replyBody: "", replyMaximum: 10_000, replyReopens: false, closedNoReopen: true, error: error,
                notice: nil, stage: "new", contacts: ["a"], stages: [Choice(value: "new", label: "new", selected: true)], stageAction: "/x",
                noteSelected: false))
        Self.expectMatchesMirror(
            NewTicketPage(
                chrome: Self.chrome, t: [:], action: "/tickets", subject: "s", body: "b", subjectMaximum: 200, bodyMaximum: 10_000, categories: [],
                hasCategories: false, priorities: [], askPriority: true, errors: [error], hasErrors: true))
    }

    @Test("The byte-level escaper escapes what swift-mustache's does, on arbitrary text without combining marks (and NUL as U+FFFD)")
    func escapingMatchesLibrary() throws {
        let library = try MustacheTemplate(string: "{{value}}")
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09 <>&\"'/=`ä€😀\n\t;#") + ["\u{0}"]
        var samples = ["", "plain", "<script>alert('x')</script>", "a & b", "\"quoted\"", "😀<😀"]
        for _ in 0..<500 {
            samples.append(String((0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for sample in samples {
            // NUL is ours to replace: HTML parsers drop or replace it, so it is written as U+FFFD.
            let expected = library.render(["value": sample]).replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
            #expect(HTMLEscaping.escape(sample) == expected, "\(sample.debugDescription)")
        }
    }

    /// swift-mustache escapes per `Character`, and a quote followed by a combining mark is one Character
    /// that is not in its table: `"\u{301}` came out raw, ending an HTML attribute early. Ours works on bytes.
    @Test("A quote, angle bracket or ampersand followed by a combining mark is still escaped")
    func combiningMarks() throws {
        for special in ["\"", "'", "<", ">", "&"] {
            let escaped = HTMLEscaping.escape("x\(special)\u{301} onfocus=alert(1)")
            #expect(!escaped.contains(special) || special == "&" && !escaped.contains("&\u{301}"), "\(special)")
        }
        #expect(HTMLEscaping.escape("\"\u{301}") == "&quot;\u{301}")
    }
}
