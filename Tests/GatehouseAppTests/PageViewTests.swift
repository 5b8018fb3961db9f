import Foundation
import GatehouseCore
import NIOCore
import Testing

@testable import GatehouseApp

/// The built-in pages (compiled views) and the same models rendered by Mustache, as an operator's overrides
/// render them: hostile values in every field come out escaped exactly like the reference escaper.
@Suite struct PageViewTests {
    /// Each one in a field of every page, one page per value.
    static let hostile = HTMLTests.hostile.filter { !$0.isEmpty && $0 != "plain" }

    static func chrome(_ value: String, language: Language = .en, signedIn: Bool = true) -> PageChrome {
        let t = Translations.texts(for: language)
        return PageChrome(
            language: language, lang: language.rawValue, portalTitle: "Portal " + value, pageTitle: "Title " + value,
            signedInAs: signedIn ? "mail" + value : nil, signedInName: signedIn ? "Name " + value : nil, csrfToken: "csrf" + value, t: t,
            logoURL: "/logo" + value, faviconURL: "/favicon" + value, stylesheetURL: "/static/gatehouse.css", brandStylesheetURL: "/static/brand.css",
            homeHref: "/tickets",
            navigation: [.init(id: "nav-tickets", href: "/tickets?" + value, label: "Tickets " + value, current: true, external: false)],
            ticketsHref: "/tickets", newTicketHref: "/tickets/new", knowledgeBaseURL: "https://kb.example/" + value, agentInboxHref: nil,
            accountPasswordHref: "/account/password", accountPasswordCurrent: false,
            languages: [.init(code: "en", name: "English", href: "/language?lang=en&x=" + value, current: false)])
    }

    /// One model of every page with `value` in its text fields.
    static func pages(_ value: String) -> [any PageView] {
        let chrome = chrome(value)
        let error = FormError(summary: "Summary " + value, code: "ticket.message_empty")
        let consent = ConsentView(
            notice: "Notice " + value, checkbox: "Check " + value, required: true, links: [.init(title: "Terms " + value, url: "https://x/" + value)],
            checked: true, hasLinks: true)
        let row = TicketRow(
            id: "7", href: "/tickets/7?" + value, subject: "Subject " + value, created: "Created " + value, createdISO: "2027-01-15T08:00:00Z",
            lastActivity: "Activity " + value, lastActivityISO: "2027-01-15T09:00:00Z", status: "Open " + value, statusClass: "open",
            stage: "Stage " + value, priority: "High " + value)
        let list = { (agent: Bool) in
            TicketListPage(
                chrome: chrome, agent: agent, heading: "Heading " + value, action: "/tickets", rows: [row], hasRows: true,
                emptyText: "Empty " + value,
                statuses: [.init(value: "all" + value, label: "All " + value, selected: true)],
                sorts: [.init(value: "activity", label: "Sort " + value, selected: true)],
                search: "Search " + value,
                pagination: .init(page: 2, pageCount: 3, total: 60, previousHref: "/p?1" + value, nextHref: "/p?3" + value),
                notice: "Notice " + value)
        }
        let detail = { (agent: Bool) in
            TicketDetailPage(
                chrome: chrome, agent: agent, id: "7", subject: "Subject " + value, status: "Open " + value, statusClass: "open",
                created: "Created " + value, createdISO: "2027-01-15T08:00:00Z", lastActivity: "Activity " + value,
                lastActivityISO: "2027-01-15T09:00:00Z", category: "Category " + value, priority: "High " + value,
                messages: [
                    .init(
                        id: "1", author: "Author " + value, byAgent: true, isNote: false, body: "Body " + value, time: "Time " + value, timeISO: "t"),
                    .init(id: "2", author: "Agent " + value, byAgent: true, isNote: true, body: "Note " + value, time: "Time " + value, timeISO: "t"),
                ],
                backHref: "/tickets", replyAction: "/tickets/7/messages", replyBody: "Reply " + value, replyMaximum: 10_000, replyReopens: true,
                closedNoReopen: false, error: error, notice: "Notice " + value, stage: "Stage " + value, contacts: ["Contact " + value],
                stages: [.init(value: "new" + value, label: "New " + value, selected: true)], stageAction: "/agent/tickets/7/stage",
                noteSelected: false)
        }
        var pages: [any PageView] = [
            LoginPage(
                chrome: chrome, csrfToken: "csrf" + value, returnTo: "/tickets?" + value, email: "mail" + value, error: error,
                notice: "Notice " + value,
                identityProviders: [.init(name: "idp", displayName: "IdP " + value, href: "/saml/login?idp=" + value)], registrationOpen: true,
                hasIdentityProviders: true),
            RegisterPage(
                chrome: chrome, csrfToken: "csrf" + value, email: "mail" + value, name: "Name " + value, passwordRule: "Rule " + value,
                consent: consent,
                error: error),
            NoticePage(
                chrome: chrome, heading: "Heading " + value, body: "Body " + value, link: "/login?" + value, linkText: "Link " + value,
                resend: .init(
                    action: "/register/resend", csrfToken: "csrf" + value, email: "mail" + value, name: "Name " + value, consent: true,
                    backHref: "/register"),
                notice: "Notice " + value),
            RefusalPage(
                chrome: chrome, heading: "Heading " + value, summary: "Summary " + value, code: "request.invalid", requestID: "id" + value,
                signInLink: nil),
            SAMLPostPage(chrome: chrome, action: "https://idp.example/sso", samlRequest: "request" + value, relayState: "relay" + value),
            UnsubscribePage(
                chrome: chrome, heading: "Heading " + value, body: "Body " + value, address: "mail" + value, action: "/unsubscribe?token=" + value,
                choice: "unsubscribe" + value, button: "Button " + value),
            list(false), list(true), detail(false), detail(true),
            NewTicketPage(
                chrome: chrome, action: "/tickets", subject: "Subject " + value, body: "Body " + value, subjectMaximum: 200, bodyMaximum: 10_000,
                categories: [.init(value: "c" + value, label: "Category " + value, selected: true)], hasCategories: true,
                priorities: [.init(value: "high", label: "High " + value, selected: false)], askPriority: true, errors: [error], hasErrors: true),
        ]
        for form in [TokenFormPage.Form.confirm, .forgot, .reset, .invitation, .accountPassword] {
            pages.append(
                TokenFormPage(
                    chrome: chrome, form: form, csrfToken: "csrf" + value, token: "token" + value, name: "Name " + value,
                    passwordRule: "Rule " + value,
                    consent: form == .invitation ? consent : nil, error: error, action: "/account/password"))
        }
        return pages
    }

    /// A renderer whose override directory holds a copy of every built-in template, so every page goes through Mustache.
    static func mustacheRenderer() async throws -> PageRenderer {
        let source = PageRenderer.resourceDirectory!.appendingPathComponent("Templates")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-all-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        let renderer = try await PageRenderer(portal: .init(baseURL: try BaseURL("https://portal.example"), templatesDirectory: directory.path))
        try FileManager.default.removeItem(at: directory)
        return renderer
    }

    static func escapedOccurrences(of value: String, in page: String) -> (raw: Bool, escaped: Bool) {
        let escaped = HTMLTests.reference(value)
        return (page.contains(value), page.contains(escaped))
    }

    @Test("Every built-in page writes hostile values escaped like the reference escaper, and nothing raw", arguments: hostile)
    func compiledEscaping(_ value: String) throws {
        // A value whose escaped form contains it ("&amp;") cannot be checked for raw occurrences by search.
        let needsEscaping = HTMLTests.reference(value) != value && !HTMLTests.reference(value).contains(value)
        for page in Self.pages(value) {
            let html = page.document().text
            let escaped = HTMLTests.reference(value)
            #expect(html.contains(escaped), "\(page.template): \(value.debugDescription) missing")
            if needsEscaping { #expect(!html.contains(value), "\(page.template): \(value.debugDescription) written raw") }
            #expect(!html.utf8.contains(0), "\(page.template): NUL written")
            // Every value-bearing text of the model appears escaped: count a few of the labelled ones.
            for label in ["Portal ", "Name ", "Summary ", "Heading ", "Subject ", "Body "] where html.contains(label) {
                #expect(html.contains(label + escaped), "\(page.template): \(label)… not escaped like the reference")
            }
        }
    }

    @Test("The same models through Mustache (every page overridden by a copy of its built-in template) escape the same way", arguments: hostile)
    func overrideEscaping(_ value: String) async throws {
        let renderer = try await Self.mustacheRenderer()
        // A value whose escaped form contains it ("&amp;") cannot be checked for raw occurrences by search.
        let needsEscaping = HTMLTests.reference(value) != value && !HTMLTests.reference(value).contains(value)
        for page in Self.pages(value) {
            #expect(renderer.overridden.contains(page.template))
            let response = renderer.page(page)
            let html = String(buffer: response.body)
            #expect(html.contains(HTMLTests.reference(value)), "\(page.template): \(value.debugDescription) missing")
            if needsEscaping { #expect(!html.contains(value), "\(page.template): \(value.debugDescription) written raw") }
        }
    }

    @Test("An overridden page and its compiled view show the same values: every text of the compiled page is in the Mustache one")
    func overrideParity() async throws {
        let renderer = try await Self.mustacheRenderer()
        for page in Self.pages("v") {
            let compiled = page.document().text
            let mustache = String(buffer: renderer.page(page).body)
            let values = compiled.matches(of: /[A-Z][a-z]+ v/).map { String($0.output) }
            #expect(!values.isEmpty)
            for value in Set(values) { #expect(mustache.contains(value), "\(page.template): \(value) shown compiled, not by the template") }
            #expect(mustache.contains("<html lang=\"en\">") && mustache.contains("</html>"), "\(page.template)")
        }
    }

    @Test("Form errors: next to their field with aria-invalid and aria-describedby, listed at the top with a link, the code on a small line")
    func fieldErrors() {
        let page = Self.pages("v").first { $0.template == "ticket-new" }!.document().text
        #expect(page.contains("<a href=\"#body\">Summary v</a>"))
        #expect(page.contains("aria-invalid=\"true\" aria-describedby=\"body-error body-hint\""))
        #expect(page.contains("<p class=\"field-error\" id=\"body-error\">"))
        #expect(page.contains("<p class=\"reason\">Reason code: <code>ticket.message_empty</code></p>"))
        #expect(!page.contains("id=\"subject\" aria-invalid"))
    }

    @Test("Empty lists and single pages show no pagination")
    func noPaginationForOnePage() {
        let chrome = Self.chrome("v")
        let page = TicketListPage(
            chrome: chrome, agent: false, heading: "H", action: "/tickets", rows: [], hasRows: false, emptyText: "None", statuses: [], sorts: [],
            search: "", pagination: .init(page: 1, pageCount: 1, total: 0, previousHref: nil, nextHref: nil), notice: nil)
        let html = page.document().text
        #expect(html.contains("<p class=\"empty\" id=\"empty\">None</p>") && !html.contains("pagination"))
    }

    @Test("Texts: every language fills every text; overrides read them by snake-case name; fi and de translate nearly everything")
    func texts() throws {
        let english = PageTexts.mustacheTable(for: .en)
        #expect(english.count == Mirror(reflecting: PageTexts.english).children.count, "two texts map to one snake-case name")
        #expect(english["sign_in_with"] == "Sign in with" && english["col_id"] != nil && english["continue"] == "Continue")
        // Identical to English only where the word is the same in that language.
        let same: [Language: Set<String>] = [
            .fi: [],
            .de: ["name", "nav_tickets", "col_id", "col_status"],
        ]
        for language in [Language.fi, .de] {
            let table = PageTexts.mustacheTable(for: language)
            #expect(Set(table.keys) == Set(english.keys))
            for (key, text) in table {
                #expect(!text.isEmpty, "\(language) \(key) is empty")
                if text == english[key] { #expect(same[language]!.contains(key), "\(language) \(key) is untranslated: \(text)") }
            }
        }
    }

    @Test("Stage labels: configured per language, else the built-in name translated, else the name with spaces — never the code")
    func stageLabels() {
        var settings = TicketSettings()
        settings.pipelines.append(
            TicketPipeline(
                name: "repairs",
                stages: [
                    .init(name: "waiting_on_parts", status: .open),
                    .init(
                        name: "waiting_on_contact", status: .open, label: "Waiting on customer",
                        translatedLabels: ["fi": "Odottaa asiakasta (korjaus)"]),
                    .init(name: "done", status: .closed),
                ]))
        let labels = StageLabels(settings)
        #expect(labels.label("waiting_on_contact", pipeline: "support", language: .en, texts: Translations.texts(for: .en)) == "Waiting on contact")
        #expect(labels.label("waiting_on_contact", pipeline: "support", language: .de, texts: Translations.texts(for: .de)) == "Wartet auf Kontakt")
        #expect(labels.label("waiting_on_contact", pipeline: "repairs", language: .en, texts: Translations.texts(for: .en)) == "Waiting on customer")
        #expect(labels.label("waiting_on_contact", pipeline: "repairs", language: .de, texts: Translations.texts(for: .de)) == "Waiting on customer")
        #expect(
            labels.label("waiting_on_contact", pipeline: "repairs", language: .fi, texts: Translations.texts(for: .fi))
                == "Odottaa asiakasta (korjaus)")
        #expect(labels.label("waiting_on_parts", pipeline: "repairs", language: .en, texts: Translations.texts(for: .en)) == "Waiting on parts")
    }

    @Test("Brand colours: links and text on the brand colour reach 4.5:1 in both schemes, whatever is configured")
    func brandContrast() {
        for hex in ["#1f5fbf", "#ffee00", "#ffffff", "#000000", "#777777", "#aa0000", "#00ff00", "#3355ff"] {
            let palette = BrandPalette(primary: RGB(hex: hex)!, accent: RGB(0x0B7A55))
            #expect(palette.brand.contrast(with: palette.onBrand) >= 4.5, "\(hex) button text")
            for background in BrandPalette.lightBackgrounds { #expect(palette.lightLink.contrast(with: background) >= 4.5, "\(hex) light link") }
            for background in BrandPalette.darkBackgrounds { #expect(palette.darkLink.contrast(with: background) >= 4.5, "\(hex) dark link") }
        }
        // A colour that already passes is kept as it is.
        #expect(BrandPalette(primary: RGB(0x1F5FBF), accent: RGB(0)).lightLink == RGB(0x1F5FBF))
        #expect(RGB(0xFFFFFF).contrast(with: RGB(0)) > 20.9 && RGB(hex: "#abc") == RGB(0xAABBCC))
    }
}
