import Foundation
import GatehouseCore
import PostgresNIO

/// Tickets in PostgreSQL, with the SQLite store's rules: a customer's queries start from the contact's
/// `ticketContact` rows and apply the portal filter in SQL (``TicketVisibility`` re-checks a single
/// ticket); a customer's search matches the folded words of the contact's own tickets row by row, agents'
/// searches every ticket through the GIN index of those words (the same folding as
/// ``TicketSearchTerms/matches(_:)``, so the same results as the SQLite store). The statements on a
/// customer's pages are prepared (``PreparedQuery``); the agents' are planned per call, since their best
/// plan depends on the values (a rare word or a common one, a status or none).
public struct PostgresTicketRepository: TicketRepository {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func customerTickets(_ visibility: TicketVisibility, query: TicketQuery) async throws -> TicketPage {
        try await store.connection { connection in
            let rows = try await Self.customerRows(Self.selection(visibility, query, limit: query.pageSize, offset: query.offset), connection, store)
            var total = try rows.first.map(Self.total) ?? 0
            if rows.isEmpty, query.offset > 0 {
                // A page past the end has no row to carry the total: the first row of the first page does.
                total =
                    try await Self.customerRows(Self.selection(visibility, query, limit: 1, offset: 0), connection, store).first.map(Self.total) ?? 0
            }
            return TicketPage(tickets: try rows.map(PostgresRows.ticket), total: total, query: query)
        }
    }

    public func customerTicket(_ id: Ticket.ID, visibility: TicketVisibility) async throws -> TicketConversation? {
        try await store.connection { connection in
            guard let row = try await connection.rows(Self.customerTicketQuery(id, visibility), store.logger).first else { return nil }
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
            guard let search = query.search?.tsquery else {
                let total =
                    try await connection.rows(
                        "SELECT COUNT(*) FROM ticket t WHERE (\(status)::text IS NULL OR t.status = \(status))", store.logger
                    ).first?.decode(Int.self) ?? 0
                let rows = try await connection.rows(
                    """
                    SELECT \(unescaped: PostgresRows.ticketColumns) FROM ticket t WHERE (\(status)::text IS NULL OR t.status = \(status))
                    ORDER BY \(unescaped: Self.order(query)) LIMIT \(query.pageSize) OFFSET \(query.offset)
                    """, store.logger)
                return TicketPage(tickets: try rows.map(PostgresRows.ticket), total: total, query: query)
            }
            // The GIN index finds the matching tickets first (MATERIALIZED keeps the planner from turning
            // the set into a filter over every ticket), then only those are sorted and counted, in one
            // statement. The offset past the end leaves no row to carry the total: counted on its own.
            let rows = try await connection.rows(
                """
                WITH hits AS MATERIALIZED (SELECT ticketID FROM ticketSearch WHERE words @@ \(search)::tsquery)
                SELECT \(unescaped: PostgresRows.ticketColumns), COUNT(*) OVER () FROM hits h JOIN ticket t ON t.id = h.ticketID
                WHERE (\(status)::text IS NULL OR t.status = \(status))
                ORDER BY \(unescaped: Self.order(query)) LIMIT \(query.pageSize) OFFSET \(query.offset)
                """, store.logger)
            var total = try rows.first.map(Self.total) ?? 0
            if rows.isEmpty, query.offset > 0 {
                total =
                    try await connection.rows(
                        """
                        SELECT COUNT(*) FROM ticketSearch s JOIN ticket t ON t.id = s.ticketID
                        WHERE s.words @@ \(search)::tsquery AND (\(status)::text IS NULL OR t.status = \(status))
                        """, store.logger
                    ).first?.decode(Int.self) ?? 0
            }
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
            let first = try await Self.insertMessage(
                NewTicketMessage(
                    ticketID: created.id, author: .contact(ticket.contact.id, name: ticket.contact.name), kind: .publicMessage, body: ticket.body,
                    at: ticket.at), connection, store)
            let lexemes = TicketSearchTerms.indexLexemes(of: ticket.subject + "\n" + ticket.body)
            try await connection.run(
                """
                INSERT INTO ticketSearch (ticketID, subject, body, words)
                VALUES (\(created.id), \(ticket.subject), \(ticket.body), array_to_tsvector(\(lexemes)::text[]))
                """, store.logger)
            try await Self.queue(ticket.mail, for: first, connection, store)
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
            try await Self.queue(message.mail, for: created, connection, store)
            return created
        }
    }

    /// The write's emails and its author's language, in its transaction.
    static func queue(_ mail: TicketMail, for message: TicketMessage, _ connection: PostgresConnection, _ store: PostgresStore) async throws {
        if let (address, language) = mail.authorLanguage {
            try await PostgresMailPreferenceRepository.setLanguage(language, for: address, connection, store)
        }
        guard !mail.recipients.isEmpty else { return }
        let recipients = try await PostgresMailPreferenceRepository.recipients(mail.recipients, ticket: message.ticketID, connection, store)
        guard !recipients.isEmpty else { return }
        for email in mail.make(message, recipients) {
            try await PostgresOutboxRepository.enqueue(email, connection, store)
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

    static func customerRows(_ selection: CustomerTicketSelection, _ connection: PostgresConnection, _ store: PostgresStore) async throws
        -> [PostgresRow]
    {
        selection.search == nil
            ? try await connection.rows(CustomerTicketPageStatement(selection: selection), store.logger)
            : try await connection.rows(CustomerTicketSearchStatement(selection: selection), store.logger)
    }

    /// The total carried by a page's rows (`COUNT(*) OVER ()`, the column after the ticket's).
    static func total(_ row: PostgresRow) throws -> Int {
        try row.makeRandomAccess()[9].decode(Int.self)
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

    /// A customer's selection: the status filter and the ``PortalTicketFilter``, the order, and which
    /// rows (`limit` nil: every ticket).
    static func selection(_ visibility: TicketVisibility, _ query: TicketQuery, limit: Int?, offset: Int) -> CustomerTicketSelection {
        let filter = visibility.filter
        return CustomerTicketSelection(
            contactID: visibility.contactID, status: query.status == .all ? nil : query.status.rawValue, pipelines: filter.pipelines.sorted(),
            priorities: filter.priorities.map(\.rawValue).sorted(), createdAfter: filter.createdAfter, sort: query.sort.rawValue,
            limit: limit, offset: offset, search: query.search?.tsquery)
    }

    /// One of a customer's tickets, with the ``PortalTicketFilter`` in SQL (``TicketVisibility`` checks
    /// it again). Only constant fragments are spliced in (`unescaped:`); every value is a bind parameter.
    static func customerTicketQuery(_ id: Ticket.ID, _ visibility: TicketVisibility) -> PostgresQuery {
        let filter = visibility.filter
        return """
            SELECT \(unescaped: PostgresRows.ticketColumns) FROM ticketContact tc JOIN ticket t ON t.id = tc.ticketID
            WHERE tc.contactID = \(visibility.contactID) AND t.id = \(id)
              AND (cardinality(\(filter.pipelines.sorted())::text[]) = 0 OR t.pipeline = ANY(\(filter.pipelines.sorted())::text[]))
              AND (cardinality(\(filter.priorities.map(\.rawValue).sorted())::text[]) = 0
                   OR t.priority = ANY(\(filter.priorities.map(\.rawValue).sorted())::text[]))
              AND (\(filter.createdAfter)::timestamptz IS NULL OR t.createdAt > \(filter.createdAfter))
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
