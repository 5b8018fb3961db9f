import Foundation
import GatehouseCore

/// Turns tickets and conversations into the view models of the ticket pages, in the page's language.
struct TicketViews: Sendable {
    let pages: PageRenderer
    let settings: TicketSettings

    func statusLabel(_ status: TicketStatus, _ t: [String: String]) -> String {
        t[status == .open ? "status_open" : "status_closed"] ?? status.rawValue
    }

    func priorityLabel(_ priority: TicketPriority?, _ t: [String: String]) -> String? {
        priority.map { t["priority_" + $0.rawValue] ?? $0.rawValue }
    }

    func row(_ ticket: Ticket, href: String, language: Language, t: [String: String]) -> TicketRow {
        let dates = pages.dates
        return TicketRow(
            id: String(ticket.id), href: href, subject: ticket.subject, created: dates.text(ticket.createdAt, in: language),
            createdISO: dates.iso(ticket.createdAt), lastActivity: dates.text(ticket.lastActivityAt, in: language),
            lastActivityISO: dates.iso(ticket.lastActivityAt), status: statusLabel(ticket.status, t), statusClass: ticket.status.rawValue,
            stage: ticket.stage, priority: priorityLabel(ticket.priority, t))
    }

    func listPage(
        _ page: TicketPage, request: TicketListRequest, base: String, ticketHref: (Ticket.ID) -> String, heading: String, chrome: PageChrome,
        language: Language, notice: String? = nil
    ) -> TicketListPage {
        let t = chrome.t
        let query = page.query
        let filtered = query.status != .all || query.search != nil
        return TicketListPage(
            chrome: chrome, t: t, heading: t[heading] ?? heading, action: base,
            rows: page.tickets.map { row($0, href: ticketHref($0.id), language: language, t: t) }, hasRows: !page.tickets.isEmpty,
            emptyText: t[filtered ? "no_results" : "no_tickets"] ?? "",
            statuses: [
                Choice(value: "all", label: t["filter_all"] ?? "", selected: query.status == .all),
                Choice(value: "open", label: t["status_open"] ?? "", selected: query.status == .open),
                Choice(value: "closed", label: t["status_closed"] ?? "", selected: query.status == .closed),
            ],
            sorts: [
                Choice(value: "activity", label: t["sort_activity"] ?? "", selected: query.sort == .lastActivity),
                Choice(value: "created", label: t["sort_created"] ?? "", selected: query.sort == .created),
            ],
            search: request.searchText,
            pagination: Pagination(
                page: query.page, pageCount: page.pageCount, total: page.total,
                previousHref: query.page > 1 ? request.href(base, page: min(query.page - 1, page.pageCount)) : nil,
                nextHref: query.page < page.pageCount ? request.href(base, page: query.page + 1) : nil),
            notice: notice)
    }

    func messages(_ conversation: TicketConversation, language: Language, t: [String: String]) -> [MessageView] {
        conversation.messages.map { message in
            MessageView(
                id: String(message.id), author: message.author.name, byAgent: message.author.isAgent, isNote: message.kind == .internalNote,
                body: message.body, time: pages.dates.text(message.createdAt, in: language), timeISO: pages.dates.iso(message.createdAt))
        }
    }

    func detailPage(
        _ conversation: TicketConversation, chrome: PageChrome, language: Language, backHref: String, replyAction: String, replyBody: String = "",
        error: FormError? = nil, notice: String? = nil, contacts: [String] = [], stageAction: String = "", noteSelected: Bool = false
    ) -> TicketDetailPage {
        let t = chrome.t
        let ticket = conversation.ticket
        let closed = ticket.status == .closed
        let stages = settings.pipeline(named: ticket.pipeline)?.stages ?? []
        return TicketDetailPage(
            chrome: chrome, t: t, id: String(ticket.id), subject: ticket.subject, status: statusLabel(ticket.status, t),
            statusClass: ticket.status.rawValue, created: pages.dates.text(ticket.createdAt, in: language),
            createdISO: pages.dates.iso(ticket.createdAt),
            lastActivity: pages.dates.text(ticket.lastActivityAt, in: language), lastActivityISO: pages.dates.iso(ticket.lastActivityAt),
            category: ticket.category, priority: priorityLabel(ticket.priority, t), messages: messages(conversation, language: language, t: t),
            backHref: backHref, replyAction: replyAction, replyBody: replyBody, replyMaximum: TicketSettings.bodyMaximum,
            replyReopens: closed && settings.reopenOnCustomerReply, closedNoReopen: closed && !settings.reopenOnCustomerReply, error: error,
            notice: notice, stage: ticket.stage, contacts: contacts,
            stages: stages.map { Choice(value: $0.name, label: $0.name, selected: $0.name == ticket.stage) }, stageAction: stageAction,
            noteSelected: noteSelected)
    }
}
