import Foundation
import GatehouseCore
import NIOCore

/// Realistic built-in pages for `GatehouseBenchmarks views`: the ticket list (25 rows), a ticket with its
/// conversation (12 messages) and the agent inbox, rendered by their compiled views or — the baseline, and
/// what an operator's override costs — by their Mustache templates from the same models.
@_spi(Benchmarks) public struct PageSamples: Sendable {
    public enum Page: String, CaseIterable, Sendable {
        case ticketList = "ticket list"
        case ticketDetail = "ticket detail"
        case agentInbox = "agent inbox"
    }

    let compiled: PageRenderer
    let mustache: PageRenderer
    let pages: [Page: any PageView]

    /// `templateCopies`: an empty directory the built-in templates are copied into, so that the second
    /// renderer takes every page as overridden.
    public init(templateCopies: URL) async throws {
        let portal = GatehouseConfiguration.Portal(baseURL: try BaseURL("https://support.example.com"))
        compiled = try await PageRenderer(portal: portal)
        let source = PageRenderer.resourceDirectory!.appendingPathComponent("Templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: templateCopies.appendingPathComponent(name))
        }
        var overridden = portal
        overridden.templatesDirectory = templateCopies.path
        mustache = try await PageRenderer(portal: overridden)
        pages = Self.samples(compiled)
    }

    /// Renders `page` once; returns its size in bytes.
    public func render(_ page: Page, compiled: Bool) -> Int {
        (compiled ? self.compiled : mustache).page(pages[page]!).body.readableBytes
    }

    static func samples(_ renderer: PageRenderer) -> [Page: any PageView] {
        let t = PageTexts.english
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let chrome = PageChrome(
            language: .en, lang: "en", portalTitle: "Example Support", pageTitle: t.ticketsHeading, signedInAs: "ada@example.com",
            signedInName: "Ada Lovelace", csrfToken: "dGhpcyBpcyBhIGNzcmYgdG9rZW4gZm9yIHRoZSBiZW5jaA", t: t, logoURL: "/static/logo.svg",
            faviconURL: "/static/favicon.svg", stylesheetURL: "/static/gatehouse.css", brandStylesheetURL: "/static/brand.css",
            homeHref: "/tickets",
            navigation: [
                .init(id: "nav-tickets", href: "/tickets", label: t.navTickets, current: true, external: false),
                .init(id: "nav-new-ticket", href: "/tickets/new", label: t.navNewTicket, current: false, external: false),
            ],
            ticketsHref: "/tickets", newTicketHref: "/tickets/new", knowledgeBaseURL: nil, agentInboxHref: nil,
            accountPasswordHref: "/account/password",
            accountPasswordCurrent: false,
            languages: Language.allCases.map {
                .init(code: $0.rawValue, name: $0.nativeName, href: "/language?lang=\($0.rawValue)", current: $0 == .en)
            })
        let dates = renderer.dates
        let rows = (0..<25).map { index in
            let created = start.addingTimeInterval(Double(index) * -86_400)
            return TicketRow(
                id: String(1000 - index), href: "/tickets/\(1000 - index)", subject: "Printer on floor \(index) prints blank pages & smudges",
                created: dates.text(created, in: .en), createdISO: dates.iso(created),
                lastActivity: dates.text(created.addingTimeInterval(3_600), in: .en),
                lastActivityISO: dates.iso(created.addingTimeInterval(3_600)), status: index % 3 == 0 ? t.statusClosed : t.statusOpen,
                statusClass: index % 3 == 0 ? "closed" : "open", stage: t.stageWaitingOnUs, priority: t.priorityHigh)
        }
        let list = { (agent: Bool) in
            TicketListPage(
                chrome: chrome, agent: agent, heading: agent ? t.agentInbox : t.ticketsHeading, action: "/tickets", rows: rows, hasRows: true,
                emptyText: t.noTickets,
                statuses: [.init(value: "all", label: t.filterAll, selected: true), .init(value: "open", label: t.statusOpen, selected: false)],
                sorts: [.init(value: "activity", label: t.sortActivity, selected: true)], search: "",
                pagination: .init(page: 1, pageCount: 3, total: 70, previousHref: nil, nextHref: "/tickets?page=2"), notice: nil)
        }
        let messages = (0..<12).map { index in
            let time = start.addingTimeInterval(Double(index) * 1_800)
            return MessageView(
                id: String(index), author: index % 2 == 0 ? "Ada Lovelace" : "Alex Agent", byAgent: index % 2 == 1, isNote: false,
                body: "Hello,\n\nthe printer on floor 3 still prints blank pages after the driver update <v2.1>. Could you have a look?\n\nThanks",
                time: dates.text(time, in: .en), timeISO: dates.iso(time))
        }
        let detail = TicketDetailPage(
            chrome: chrome, agent: false, id: "1000", subject: "Printer on floor 3 prints blank pages", status: t.statusOpen, statusClass: "open",
            created: dates.text(start, in: .en), createdISO: dates.iso(start), lastActivity: dates.text(start, in: .en),
            lastActivityISO: dates.iso(start),
            category: "Hardware", priority: t.priorityHigh, messages: messages, backHref: "/tickets", replyAction: "/tickets/1000/messages",
            replyBody: "", replyMaximum: TicketSettings.bodyMaximum, replyReopens: false, closedNoReopen: false, error: nil, notice: nil,
            stage: t.stageWaitingOnUs, contacts: [], stages: [], stageAction: "", noteSelected: false)
        return [.ticketList: list(false), .ticketDetail: detail, .agentInbox: list(true)]
    }
}
