/// View models of the ticket pages (customer and agent). Built by ``TicketViews`` from domain values;
/// every value is rendered with `{{…}}`, which HTML-escapes it.

/// A `<select>` or radio option.
struct Choice: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

/// A class, not a struct: Mustache handles every row as `Any`, and boxing a struct of eleven strings
/// copies it each time, where a reference is only retained.
final class TicketRow: Sendable {
    let id: String
    let href: String
    let subject: String
    let created: String
    let createdISO: String
    let lastActivity: String
    let lastActivityISO: String
    let status: String
    let statusClass: String
    /// Agent list only.
    let stage: String
    let priority: String?

    init(
        id: String, href: String, subject: String, created: String, createdISO: String, lastActivity: String, lastActivityISO: String,
        status: String, statusClass: String, stage: String, priority: String?
    ) {
        self.id = id
        self.href = href
        self.subject = subject
        self.created = created
        self.createdISO = createdISO
        self.lastActivity = lastActivity
        self.lastActivityISO = lastActivityISO
        self.status = status
        self.statusClass = statusClass
        self.stage = stage
        self.priority = priority
    }
}

struct Pagination: Sendable {
    let page: Int
    let pageCount: Int
    let total: Int
    let previousHref: String?
    let nextHref: String?
}

struct TicketListPage: Sendable {
    let chrome: PageChrome
    let t: [String: String]
    let heading: String
    let action: String
    let rows: [TicketRow]
    let hasRows: Bool
    let emptyText: String
    let statuses: [Choice]
    let sorts: [Choice]
    let search: String
    let pagination: Pagination
    let notice: String?
}

struct MessageView: Sendable {
    let id: String
    let author: String
    let byAgent: Bool
    let isNote: Bool
    let body: String
    let time: String
    let timeISO: String
}

struct TicketDetailPage: Sendable {
    let chrome: PageChrome
    let t: [String: String]
    let id: String
    let subject: String
    let status: String
    let statusClass: String
    let created: String
    let createdISO: String
    let lastActivity: String
    let lastActivityISO: String
    let category: String?
    let priority: String?
    let messages: [MessageView]
    let backHref: String
    let replyAction: String
    let replyBody: String
    let replyMaximum: Int
    let replyReopens: Bool
    let closedNoReopen: Bool
    let error: FormError?
    let notice: String?
    /// Agent detail only.
    let stage: String
    let contacts: [String]
    let stages: [Choice]
    let stageAction: String
    let noteSelected: Bool
}

struct NewTicketPage: Sendable {
    let chrome: PageChrome
    let t: [String: String]
    let action: String
    let subject: String
    let body: String
    let subjectMaximum: Int
    let bodyMaximum: Int
    let categories: [Choice]
    let hasCategories: Bool
    let priorities: [Choice]
    let askPriority: Bool
    let errors: [FormError]
    let hasErrors: Bool
}
