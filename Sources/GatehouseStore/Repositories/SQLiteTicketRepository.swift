import Foundation
import GRDB
import GatehouseCore

/// Tickets in SQLite. Every customer query starts from the contact's rows in `ticketContact` (one index
/// range; CROSS JOIN keeps that order) and applies the portal filter in SQL; a customer's search then
/// matches each of those tickets' indexed text in Swift. Agents' searches across every ticket use the
/// FTS5 index.
public struct SQLiteTicketRepository: TicketRepository {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func customerTickets(_ visibility: TicketVisibility, query: TicketQuery) async throws -> TicketPage {
        try await database.read { db in try Self.customerTickets(visibility, query: query, in: db) }
    }

    public func customerTicket(_ id: Ticket.ID, visibility: TicketVisibility) async throws -> TicketConversation? {
        try await database.read { db in
            var sql = "SELECT t.* FROM ticketContact tc JOIN ticket t ON t.id = tc.ticketID WHERE tc.contactID = ? AND t.id = ?"
            var arguments: StatementArguments = [visibility.contactID, id]
            Self.appendPortalFilter(visibility.filter, to: &sql, arguments: &arguments)
            guard let record = try TicketRecord.fetchOne(db, sql: sql, arguments: arguments) else { return nil }
            let messages = try MessageRecord.filter(MessageRecord.Columns.ticketID == id && MessageRecord.Columns.kind == "public")
                .order(MessageRecord.Columns.id).fetchAll(db).map(\.message)
            let conversation = TicketConversation(ticket: record.ticket, messages: messages, contacts: try Self.contacts(of: id, in: db))
            // The SQL above and TicketVisibility state the same rule; the domain rule has the last word.
            return visibility.view(conversation)
        }
    }

    public func agentTickets(query: TicketQuery) async throws -> TicketPage {
        try await database.read { db in
            var conditions: [String] = []
            var arguments = StatementArguments()
            if query.status != .all {
                conditions.append("t.status = ?")
                _ = arguments.append(contentsOf: [query.status.rawValue])
            }
            if let search = query.search {
                conditions.append("t.id IN (SELECT rowid FROM ticketSearch WHERE ticketSearch MATCH ?)")
                _ = arguments.append(contentsOf: [search.fts5MatchExpression])
            }
            let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket t" + whereClause, arguments: arguments) ?? 0
            let rows = try TicketRecord.fetchAll(
                db, sql: "SELECT t.* FROM ticket t" + whereClause + Self.order(query) + " LIMIT ? OFFSET ?",
                arguments: arguments + [query.pageSize, query.offset])
            return TicketPage(tickets: rows.map(\.ticket), total: total, query: query)
        }
    }

    public func agentTicket(_ id: Ticket.ID) async throws -> TicketConversation? {
        try await database.read { db in
            guard let record = try TicketRecord.fetchOne(db, key: id) else { return nil }
            let messages = try MessageRecord.filter(MessageRecord.Columns.ticketID == id).order(MessageRecord.Columns.id).fetchAll(db).map(\.message)
            return TicketConversation(ticket: record.ticket, messages: messages, contacts: try Self.contacts(of: id, in: db))
        }
    }

    public func openTicket(_ ticket: NewTicket) async throws -> Ticket {
        try await database.write { db in
            var record = TicketRecord(ticket)
            try record.insert(db)
            let id = record.id!
            try db.execute(sql: "INSERT INTO ticketContact (contactID, ticketID) VALUES (?, ?)", arguments: [ticket.contact.id, id])
            var message = MessageRecord(
                NewTicketMessage(
                    ticketID: id, author: .contact(ticket.contact.id, name: ticket.contact.name), kind: .publicMessage, body: ticket.body,
                    at: ticket.at))
            try message.insert(db)
            try db.execute(sql: "INSERT INTO ticketSearch (rowid, subject, body) VALUES (?, ?, ?)", arguments: [id, ticket.subject, ticket.body])
            try Self.queue(ticket.mail, for: message.message, in: db)
            return record.ticket
        }
    }

    public func appendMessage(_ message: NewTicketMessage) async throws -> TicketMessage {
        try await database.write { db in
            guard var ticket = try TicketRecord.fetchOne(db, key: message.ticketID) else { throw StoreError.notFound("ticket \(message.ticketID)") }
            var record = MessageRecord(message)
            try record.insert(db)
            // Notes are invisible to contacts, so they must not move the ticket in a contact's list either.
            if message.kind == .publicMessage { ticket.lastActivityAt = message.at }
            if let stage = message.newStage {
                ticket.stage = stage.name
                ticket.status = stage.status.rawValue
            }
            try ticket.update(db)
            if message.kind == .publicMessage {
                try db.execute(
                    sql: "UPDATE ticketSearch SET body = body || char(10) || ? WHERE rowid = ?", arguments: [message.body, message.ticketID])
            }
            try Self.queue(message.mail, for: record.message, in: db)
            return record.message
        }
    }

    /// The write's emails and its author's language, in its transaction.
    static func queue(_ mail: TicketMail, for message: TicketMessage, in db: Database) throws {
        if let (address, language) = mail.authorLanguage {
            try SQLiteMailPreferenceRepository.setLanguage(language, for: address, in: db)
        }
        guard !mail.recipients.isEmpty else { return }
        let recipients = try SQLiteMailPreferenceRepository.recipients(mail.recipients, ticket: message.ticketID, in: db)
        guard !recipients.isEmpty else { return }
        for email in mail.make(message, recipients) {
            try OutboxRecord.insert(email, in: db)
        }
    }

    public func setStage(_ id: Ticket.ID, stage: TicketPipeline.Stage, at date: Date) async throws {
        try await database.write { db in
            let updated = try TicketRecord.filter(key: id).updateAll(
                db, Column("stage").set(to: stage.name), Column("status").set(to: stage.status.rawValue),
                TicketRecord.Columns.lastActivityAt.set(to: date))
            guard updated == 1 else { throw StoreError.notFound("ticket \(id)") }
        }
    }

    /// Associates another contact with a ticket (the API's "create for a contact" and tests).
    public func addContact(_ contact: Contact.ID, to ticket: Ticket.ID) async throws {
        try await database.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO ticketContact (contactID, ticketID) VALUES (?, ?)", arguments: [contact, ticket])
        }
    }

    // MARK: Queries

    static func customerTickets(_ visibility: TicketVisibility, query: TicketQuery, in db: Database) throws -> TicketPage {
        var sql = " WHERE tc.contactID = ?"
        var arguments: StatementArguments = [visibility.contactID]
        if query.status != .all {
            sql += " AND t.status = ?"
            _ = arguments.append(contentsOf: [query.status.rawValue])
        }
        appendPortalFilter(visibility.filter, to: &sql, arguments: &arguments)
        if let search = query.search {
            return try searchCustomerTickets(where: sql, arguments: arguments, terms: search, query: query, in: db)
        }
        let from = "ticketContact tc CROSS JOIN ticket t ON t.id = tc.ticketID"
        // The few shapes these queries take are prepared once per connection (cached statements).
        let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM " + from + sql), arguments: arguments) ?? 0
        let rows = try TicketRecord.fetchAll(
            db.cachedStatement(sql: "SELECT t.* FROM " + from + sql + order(query) + " LIMIT ? OFFSET ?"),
            arguments: arguments + [query.pageSize, query.offset])
        return TicketPage(tickets: rows.map(\.ticket), total: total, query: query)
    }

    /// A contact's search: their tickets in order, each one's indexed text read by rowid and matched in
    /// Swift (``TicketSearchTerms/matches(_:)``), counted and paged in the same pass. An FTS5 MATCH per
    /// ticket would rebuild the doclist of a common prefix for every probe (46 ms for "printer" on a
    /// million tickets; seconds for "th"); this costs what the contact's own tickets cost.
    static func searchCustomerTickets(where sql: String, arguments: StatementArguments, terms: TicketSearchTerms, query: TicketQuery, in db: Database)
        throws -> TicketPage
    {
        let from = "ticketContact tc CROSS JOIN ticket t ON t.id = tc.ticketID CROSS JOIN ticketSearch ON ticketSearch.rowid = t.id"
        let cursor = try Row.fetchCursor(
            db.cachedStatement(
                sql: "SELECT t.*, ticketSearch.subject AS searchSubject, ticketSearch.body AS searchBody FROM " + from + sql + order(query)),
            arguments: arguments)
        var total = 0
        var tickets: [Ticket] = []
        while let row = try cursor.next() {
            guard terms.matches(row["searchSubject"] ?? "", row["searchBody"] ?? "") else { continue }
            total += 1
            if total > query.offset, tickets.count < query.pageSize { tickets.append(try TicketRecord(row: row).ticket) }
        }
        return TicketPage(tickets: tickets, total: total, query: query)
    }

    /// ``PortalTicketFilter`` in SQL (``TicketVisibility`` states the same rule for one ticket).
    static func appendPortalFilter(_ filter: PortalTicketFilter, to sql: inout String, arguments: inout StatementArguments) {
        if !filter.pipelines.isEmpty {
            let names = filter.pipelines.sorted()
            sql += " AND t.pipeline IN (" + names.map { _ in "?" }.joined(separator: ",") + ")"
            _ = arguments.append(contentsOf: StatementArguments(names))
        }
        if !filter.priorities.isEmpty {
            let names = filter.priorities.map(\.rawValue).sorted()
            sql += " AND t.priority IN (" + names.map { _ in "?" }.joined(separator: ",") + ")"
            _ = arguments.append(contentsOf: StatementArguments(names))
        }
        if let createdAfter = filter.createdAfter {
            sql += " AND t.createdAt > ?"
            _ = arguments.append(contentsOf: [createdAfter])
        }
    }

    static func order(_ query: TicketQuery) -> String {
        switch query.sort {
        case .lastActivity: " ORDER BY t.lastActivityAt DESC, t.id DESC"
        case .created: " ORDER BY t.createdAt DESC, t.id DESC"
        }
    }

    static func contacts(of ticket: Ticket.ID, in db: Database) throws -> [Contact.ID] {
        try Int64.fetchAll(db, sql: "SELECT contactID FROM ticketContact WHERE ticketID = ? ORDER BY contactID", arguments: [ticket])
    }
}
