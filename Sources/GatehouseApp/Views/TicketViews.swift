import Foundation
import GatehouseCore

/// Turns tickets and conversations into the view models of the ticket pages, in the page's language.
struct TicketViews: Sendable {
    let pages: PageRenderer
    let settings: TicketSettings

    func statusLabel(_ status: TicketStatus, _ t: PageTexts) -> String {
        status == .open ? t.statusOpen : t.statusClosed
    }

    static func priorityLabel(_ priority: TicketPriority, _ t: PageTexts) -> String {
        switch priority {
        case .low: t.priorityLow
        case .medium: t.priorityMedium
        case .high: t.priorityHigh
        case .urgent: t.priorityUrgent
        }
    }

    func row(_ ticket: Ticket, href: String, language: Language, t: PageTexts) -> TicketRow {
        let dates = pages.dates
        return TicketRow(
            id: String(ticket.id), href: href, subject: ticket.subject, created: dates.text(ticket.createdAt, in: language),
            createdISO: dates.iso(ticket.createdAt), lastActivity: dates.text(ticket.lastActivityAt, in: language),
            lastActivityISO: dates.iso(ticket.lastActivityAt), status: statusLabel(ticket.status, t), statusClass: ticket.status.rawValue,
            stage: pages.stageLabels.label(ticket.stage, pipeline: ticket.pipeline, language: language, texts: t),
            priority: ticket.priority.map { Self.priorityLabel($0, t) })
    }

    func listPage(
        _ page: TicketPage, request: TicketListRequest, base: String, ticketHref: (Ticket.ID) -> String, agent: Bool, chrome: PageChrome,
        notice: String? = nil
    ) -> TicketListPage {
        let t = chrome.t
        let language = chrome.language
        let query = page.query
        let filtered = query.status != .all || query.search != nil
        return TicketListPage(
            chrome: chrome, agent: agent, heading: agent ? t.agentInbox : t.ticketsHeading, action: base,
            rows: page.tickets.map { row($0, href: ticketHref($0.id), language: language, t: t) }, hasRows: !page.tickets.isEmpty,
            emptyText: filtered ? t.noResults : t.noTickets,
            statuses: [
                Choice(value: "all", label: t.filterAll, selected: query.status == .all),
                Choice(value: "open", label: t.statusOpen, selected: query.status == .open),
                Choice(value: "closed", label: t.statusClosed, selected: query.status == .closed),
            ],
            sorts: [
                Choice(value: "activity", label: t.sortActivity, selected: query.sort == .lastActivity),
                Choice(value: "created", label: t.sortCreated, selected: query.sort == .created),
            ],
            search: request.searchText,
            pagination: Pagination(
                page: query.page, pageCount: page.pageCount, total: page.total,
                previousHref: query.page > 1 ? request.href(base, page: min(query.page - 1, page.pageCount)) : nil,
                nextHref: query.page < page.pageCount ? request.href(base, page: query.page + 1) : nil),
            notice: notice)
    }

    func messages(_ conversation: TicketConversation, language: Language) -> [MessageView] {
        conversation.messages.map { message in
            MessageView(
                id: String(message.id), author: message.author.name, byAgent: message.author.isAgent, isNote: message.kind == .internalNote,
                body: message.body, time: pages.dates.text(message.createdAt, in: language), timeISO: pages.dates.iso(message.createdAt))
        }
    }

    func detailPage(
        _ conversation: TicketConversation, chrome: PageChrome, agent: Bool, backHref: String, replyAction: String, replyBody: String = "",
        error: FormError? = nil, notice: String? = nil, contacts: [String] = [], stageAction: String = "", noteSelected: Bool = false
    ) -> TicketDetailPage {
        let t = chrome.t
        let language = chrome.language
        let ticket = conversation.ticket
        let closed = ticket.status == .closed
        let stages = settings.pipeline(named: ticket.pipeline)?.stages ?? []
        let labels = pages.stageLabels
        return TicketDetailPage(
            chrome: chrome, agent: agent, id: String(ticket.id), subject: ticket.subject, status: statusLabel(ticket.status, t),
            statusClass: ticket.status.rawValue, created: pages.dates.text(ticket.createdAt, in: language),
            createdISO: pages.dates.iso(ticket.createdAt),
            lastActivity: pages.dates.text(ticket.lastActivityAt, in: language), lastActivityISO: pages.dates.iso(ticket.lastActivityAt),
            category: ticket.category, priority: ticket.priority.map { Self.priorityLabel($0, t) },
            messages: messages(conversation, language: language), backHref: backHref, replyAction: replyAction, replyBody: replyBody,
            replyMaximum: TicketSettings.bodyMaximum, replyReopens: closed && settings.reopenOnCustomerReply,
            closedNoReopen: closed && !settings.reopenOnCustomerReply, error: error, notice: notice,
            stage: labels.label(ticket.stage, pipeline: ticket.pipeline, language: language, texts: t), contacts: contacts,
            stages: stages.map {
                Choice(
                    value: $0.name, label: labels.label($0.name, pipeline: ticket.pipeline, language: language, texts: t),
                    selected: $0.name == ticket.stage)
            },
            stageAction: stageAction, noteSelected: noteSelected)
    }
}
