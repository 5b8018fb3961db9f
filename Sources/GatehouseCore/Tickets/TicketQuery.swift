/// A page of a ticket list: which tickets (status, search), in which order, which page.
public struct TicketQuery: Sendable, Equatable {
    public enum StatusFilter: String, Sendable, CaseIterable {
        case open
        case closed
        case all
    }

    public enum Sort: String, Sendable, CaseIterable {
        /// Newest activity first (the default).
        case lastActivity = "activity"
        /// Newest first.
        case created
    }

    public static let pageSize = 25
    public static let maximumPage = 10_000

    public var status: StatusFilter
    /// Words to find in subjects and public messages (see ``TicketSearchTerms``).
    public var search: TicketSearchTerms?
    public var sort: Sort
    /// 1-based.
    public var page: Int
    public var pageSize: Int

    public init(
        status: StatusFilter = .all, search: TicketSearchTerms? = nil, sort: Sort = .lastActivity, page: Int = 1, pageSize: Int = Self.pageSize
    ) {
        self.status = status
        self.search = search
        self.sort = sort
        self.page = min(max(page, 1), Self.maximumPage)
        self.pageSize = min(max(pageSize, 1), 100)
    }

    public var offset: Int { (page - 1) * pageSize }
}

/// One page of results and how many there are in all.
public struct TicketPage: Sendable, Equatable {
    public var tickets: [Ticket]
    public var total: Int
    public var query: TicketQuery

    public init(tickets: [Ticket], total: Int, query: TicketQuery) {
        self.tickets = tickets
        self.total = total
        self.query = query
    }

    public var pageCount: Int { max(1, (total + query.pageSize - 1) / query.pageSize) }
}
