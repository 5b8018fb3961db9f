import Foundation
import GatehouseCore
import PostgresNIO

/// Tickets in PostgreSQL, with the SQLite store's rules: a customer's queries start from the contact's
/// `ticketContact` rows and apply the portal filter in SQL (``TicketVisibility`` re-checks a single
/// ticket); a customer's search matches the contact's own tickets' text in Swift
/// (``TicketSearchTerms/matches(_:)``); agents search every ticket through the GIN index of folded words.
public struct PostgresTicketRepository: TicketRepository {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func customerTickets(_ visibility: TicketVisibility, query: TicketQuery) async throws -> TicketPage {
        try await store.connection { connection in
            if let search = query.search { return try await Self.searchCustomerTickets(visibility, search, query, connection, store) }
            let total = try await connection.rows(Self.customerQuery(.count, visibility, query), store.logger).first?.decode(Int.self) ?? 0
            let rows = try await connection.rows(Self.customerQuery(.page, visibility, query), store.logger)
            return TicketPage(tickets: try rows.map(PostgresRows.ticket), total: total, query: query)
        }
    }

    public func customerTicket(_ id: Ticket.ID, visibility: TicketVisibility) async throws -> TicketConversation? {
        try await store.connection { connection in
            guard let row = try await connection.rows(Self.customerQuery(.one(id), visibility, TicketQuery()), store.logger).first else { return nil }
            let messages = try await connection.rows(
                "SELECT \(unescaped: PostgresRows.messageColumns) FROM message WHERE ticketID = \(id) AND kind = 'public' ORDER BY id", store.logger
            ).map(PostgresRows.message)
            let conversation = TicketConversation(
                ticket: try PostgresRows.ticket(row), messages: messages, contacts: try await Self.contacts(of: id, connection, store))
            // The SQL above and TicketVisibility state the same rule; the domain rule has the last word.
            return visibility.view(conversation)
        }
    }

    public func agentTickets(query: TicketQuery) async throws -> TicketPage {
        try await store.connection { connection in
            let status = query.status == .all ? nil : query.status.rawValue
            let search = query.search?.tsquery
            let total =
                try await connection.rows(
                    """
                    SELECT COUNT(*) FROM ticket t WHERE (\(status)::text IS NULL OR t.status = \(status))
                      AND (\(search)::tsquery IS NULL OR t.id IN (SELECT ticketID FROM ticketSearch WHERE words @@ \(search)::tsquery))
                    """, store.logger
                ).first?.decode(Int.self) ?? 0
            let rows = try await connection.rows(
                """
                SELECT \(unescaped: PostgresRows.ticketColumns) FROM ticket t WHERE (\(status)::text IS NULL OR t.status = \(status))
                  AND (\(search)::tsquery IS NULL OR t.id IN (SELECT ticketID FROM ticketSearch WHERE words @@ \(search)::tsquery))
                ORDER BY \(unescaped: Self.order(query)) LIMIT \(query.pageSize) OFFSET \(query.offset)
                """, store.logger)
            return TicketPage(tickets: try rows.map(PostgresRows.ticket), total: total, query: query)
        }
    }

    public func agentTicket(_ id: Ticket.ID) async throws -> TicketConversation? {
        try await store.connection { connection in
            guard
                let row = try await connection.rows("SELECT \(unescaped: PostgresRows.ticketColumns) FROM ticket t WHERE t.id = \(id)", store.logger)
                    .first
            else { return nil }
            let messages = try await connection.rows(
                "SELECT \(unescaped: PostgresRows.messageColumns) FROM message WHERE ticketID = \(id) ORDER BY id", store.logger
            ).map(PostgresRows.message)
            return TicketConversation(
                ticket: try PostgresRows.ticket(row), messages: messages, contacts: try await Self.contacts(of: id, connection, store))
        }
    }

    public func openTicket(_ ticket: NewTicket) async throws -> Ticket {
        try await store.transaction { connection in
            let rows = try await connection.rows(
                """
                INSERT INTO ticket (subject, pipeline, stage, status, priority, category, createdAt, lastActivityAt)
                VALUES (\(ticket.subject), \(ticket.pipeline), \(ticket.stage.name), \(ticket.stage.status.rawValue), \(ticket.priority?.rawValue),
                        \(ticket.category), \(ticket.at), \(ticket.at))
                RETURNING id, subject, pipeline, stage, status, priority, category, createdAt, lastActivityAt
                """, store.logger)
            let created = try PostgresRows.ticket(rows[0])
            try await connection.run("INSERT INTO ticketContact (contactID, ticketID) VALUES (\(ticket.contact.id), \(created.id))", store.logger)
            try await Self.insertMessage(
                NewTicketMessage(
                    ticketID: created.id, author: .contact(ticket.contact.id, name: ticket.contact.name), kind: .publicMessage, body: ticket.body,
                    at: ticket.at), connection, store)
            let lexemes = TicketSearchTerms.indexLexemes(of: ticket.subject + "\n" + ticket.body)
            try await connection.run(
                """
                INSERT INTO ticketSearch (ticketID, subject, body, words)
                VALUES (\(created.id), \(ticket.subject), \(ticket.body), array_to_tsvector(\(lexemes)::text[]))
                """, store.logger)
            return created
        }
    }

    public func appendMessage(_ message: NewTicketMessage) async throws -> TicketMessage {
        try await store.transaction { connection in
            guard try await connection.run("SELECT 1 FROM ticket WHERE id = \(message.ticketID) FOR UPDATE", store.logger) == 1 else {
                throw StoreError.notFound("ticket \(message.ticketID)")
            }
            let created = try await Self.insertMessage(message, connection, store)
            // Notes are invisible to contacts, so they must not move the ticket in a contact's list either.
            let activity: Date? = message.kind == .publicMessage ? message.at : nil
            try await connection.run(
                """
                UPDATE ticket SET lastActivityAt = COALESCE(\(activity), lastActivityAt),
                    stage = COALESCE(\(message.newStage?.name), stage), status = COALESCE(\(message.newStage?.status.rawValue), status)
                WHERE id = \(message.ticketID)
                """, store.logger)
            if message.kind == .publicMessage {
                try await connection.run(
                    """
                    UPDATE ticketSearch SET body = body || E'\\n' || \(message.body),
                        words = words || array_to_tsvector(\(TicketSearchTerms.indexLexemes(of: message.body))::text[])
                    WHERE ticketID = \(message.ticketID)
                    """, store.logger)
            }
            return created
        }
    }

    public func setStage(_ id: Ticket.ID, stage: TicketPipeline.Stage, at date: Date) async throws {
        let updated = try await store.connection { connection in
            try await connection.run(
                """
                UPDATE ticket SET stage = \(stage.name), status = \(stage.status.rawValue), lastActivityAt = \(date) WHERE id = \(id) RETURNING 1
                """, store.logger)
        }
        guard updated == 1 else { throw StoreError.notFound("ticket \(id)") }
    }

    public func addContact(_ contact: Contact.ID, to ticket: Ticket.ID) async throws {
        try await store.connection { connection in
            try await connection.run(
                "INSERT INTO ticketContact (contactID, ticketID) VALUES (\(contact), \(ticket)) ON CONFLICT DO NOTHING", store.logger)
        }
    }

    // MARK: Queries

    /// A contact's search: their tickets in order with the indexed text, matched in Swift, counted and
    /// paged in the same pass (the same evaluator as the SQLite store's, so the same results).
    static func searchCustomerTickets(
        _ visibility: TicketVisibility, _ terms: TicketSearchTerms, _ query: TicketQuery, _ connection: PostgresConnection, _ store: PostgresStore
    ) async throws -> TicketPage {
        let rows = try await connection.query(customerQuery(.search, visibility, query), logger: store.logger)
        var total = 0
        var tickets: [Ticket] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            let subject = try cells[9].decode(String.self)
            let body = try cells[10].decode(String.self)
            guard terms.matches(subject, body) else { continue }
            total += 1
            if total > query.offset, tickets.count < query.pageSize { tickets.append(try PostgresRows.ticket(row)) }
        }
        return TicketPage(tickets: tickets, total: total, query: query)
    }

    @discardableResult
    static func insertMessage(_ message: NewTicketMessage, _ connection: PostgresConnection, _ store: PostgresStore) async throws -> TicketMessage {
        let (authorKind, authorID, authorName): (String, Int64?, String) =
            switch message.author {
            case .contact(let id, let name): ("contact", id, name)
            case .agent(let id, let name): ("agent", id, name)
            }
        let rows = try await connection.rows(
            """
            INSERT INTO message (ticketID, authorKind, authorContactID, authorName, kind, body, createdAt)
            VALUES (\(message.ticketID), \(authorKind), \(authorID), \(authorName), \(message.kind.rawValue), \(message.body), \(message.at))
            RETURNING \(unescaped: PostgresRows.messageColumns)
            """, store.logger)
        return try PostgresRows.message(rows[0])
    }

    /// The shapes of a customer's query; every one starts from the contact's `ticketContact` rows.
    enum CustomerSelect {
        case count, page, search
        case one(Ticket.ID)
    }

    /// A customer's query with the status filter and the ``PortalTicketFilter`` in SQL. Only constant
    /// fragments are spliced in (`unescaped:`); every value is a bind parameter.
    static func customerQuery(_ select: CustomerSelect, _ visibility: TicketVisibility, _ query: TicketQuery) -> PostgresQuery {
        let columns: String
        var join = ""
        var ordered = true
        var limit: Int? = query.pageSize
        var offset = query.offset
        var ticketID: Int64?
        switch select {
        case .count:
            columns = "COUNT(*)"
            (ordered, limit, offset) = (false, nil, 0)
        case .page:
            columns = PostgresRows.ticketColumns
        case .search:
            columns = PostgresRows.ticketColumns + ", s.subject, s.body"
            join = "JOIN ticketSearch s ON s.ticketID = t.id"
            (limit, offset) = (nil, 0)
        case .one(let id):
            columns = PostgresRows.ticketColumns
            (ordered, limit, offset, ticketID) = (false, nil, 0, id)
        }
        let filter = visibility.filter
        let status = query.status == .all || ticketID != nil ? nil : query.status.rawValue
        return """
            SELECT \(unescaped: columns) FROM ticketContact tc JOIN ticket t ON t.id = tc.ticketID \(unescaped: join)
            WHERE tc.contactID = \(visibility.contactID) AND (\(ticketID)::bigint IS NULL OR t.id = \(ticketID))
              AND (\(status)::text IS NULL OR t.status = \(status))
              AND (cardinality(\(filter.pipelines.sorted())::text[]) = 0 OR t.pipeline = ANY(\(filter.pipelines.sorted())::text[]))
              AND (cardinality(\(filter.priorities.map(\.rawValue).sorted())::text[]) = 0
                   OR t.priority = ANY(\(filter.priorities.map(\.rawValue).sorted())::text[]))
              AND (\(filter.createdAfter)::timestamptz IS NULL OR t.createdAt > \(filter.createdAfter))
            \(unescaped: ordered ? "ORDER BY " + order(query) : "") LIMIT \(limit) OFFSET \(offset)
            """
    }

    static func order(_ query: TicketQuery) -> String {
        switch query.sort {
        case .lastActivity: "t.lastActivityAt DESC, t.id DESC"
        case .created: "t.createdAt DESC, t.id DESC"
        }
    }

    static func contacts(of ticket: Ticket.ID, _ connection: PostgresConnection, _ store: PostgresStore) async throws -> [Contact.ID] {
        try await connection.rows("SELECT contactID FROM ticketContact WHERE ticketID = \(ticket) ORDER BY contactID", store.logger)
            .map { try $0.decode(Int64.self) }
    }
}
