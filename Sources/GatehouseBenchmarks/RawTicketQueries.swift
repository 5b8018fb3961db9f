import Foundation
import GRDB
import GatehouseCore
import GatehouseStore

/// The portal's list and search written straight against GRDB — the floor the repository is compared
/// with. The same SQL as `SQLiteTicketRepository.customerTickets` and the same `TicketPage` out, but
/// columns are read by index from a cursor instead of decoded into records; `cached: false` prepares
/// the statements on every call, to show what the statement cache saves. Searches can also run the
/// FTS5 plans the repository avoids, to show why.
enum RawTicketQueries {
    static let listFrom = "ticketContact tc CROSS JOIN ticket t ON t.id = tc.ticketID"
    /// The contact's rows drive; each candidate's indexed text is read by rowid.
    static let scopedSearchFrom =
        "ticketContact tc CROSS JOIN ticket t ON t.id = tc.ticketID CROSS JOIN ticketSearch ON ticketSearch.rowid = t.id"
    /// Left to the planner: the full-text match over every ticket runs first, then the contact filter.
    static let unscopedSearchFrom = "ticketContact tc JOIN ticket t ON t.id = tc.ticketID JOIN ticketSearch ON ticketSearch.rowid = t.id"
    static let columns = "t.id, t.subject, t.pipeline, t.stage, t.status, t.priority, t.category, t.createdAt, t.lastActivityAt"
    static let order = " ORDER BY t.lastActivityAt DESC, t.id DESC"

    enum SearchPlan: CaseIterable {
        /// The repository's: the contact's tickets in order with their indexed text, matched by
        /// `TicketSearchTerms.matches` in Swift, counted and paged in the same pass.
        case rowByRow
        /// An FTS5 MATCH restricted to each candidate's rowid: FTS5 still builds the whole doclist of a
        /// prefix term for every probe, so the cost follows how common the word is in all tickets.
        case matchPerTicket
        /// The planner's choice without the CROSS JOINs: the MATCH over every ticket first.
        case matchUnscoped
    }

    static func list(contact: Int64, query: TicketQuery, cached: Bool = true, in db: Database) throws -> TicketPage {
        func statement(_ sql: String) throws -> Statement { cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql) }
        let condition = " WHERE tc.contactID = ?"
        let total = try Int.fetchOne(try statement("SELECT COUNT(*) FROM " + listFrom + condition), arguments: [contact]) ?? 0
        let rows = try Row.fetchCursor(
            try statement("SELECT " + columns + " FROM " + listFrom + condition + order + " LIMIT ? OFFSET ?"),
            arguments: [contact, query.pageSize, query.offset])
        var tickets: [Ticket] = []
        tickets.reserveCapacity(query.pageSize)
        while let row = try rows.next() { tickets.append(ticket(row)) }
        return TicketPage(tickets: tickets, total: total, query: query)
    }

    static func search(contact: Int64, query: TicketQuery, plan: SearchPlan = .rowByRow, in db: Database) throws -> TicketPage {
        let terms = query.search!
        var tickets: [Ticket] = []
        if plan != .rowByRow {
            let from = plan == .matchUnscoped ? unscopedSearchFrom : scopedSearchFrom
            let condition = " WHERE tc.contactID = ? AND ticketSearch MATCH ?"
            let arguments: StatementArguments = [contact, terms.fts5MatchExpression]
            let total = try Int.fetchOne(try db.cachedStatement(sql: "SELECT COUNT(*) FROM " + from + condition), arguments: arguments) ?? 0
            let rows = try Row.fetchCursor(
                try db.cachedStatement(sql: "SELECT " + columns + " FROM " + from + condition + order + " LIMIT ? OFFSET ?"),
                arguments: arguments + [query.pageSize, query.offset])
            while let row = try rows.next() { tickets.append(ticket(row)) }
            return TicketPage(tickets: tickets, total: total, query: query)
        }
        let rows = try Row.fetchCursor(try db.cachedStatement(sql: rowByRowSQL), arguments: [contact])
        var total = 0
        while let row = try rows.next() {
            guard terms.matches(row[9], row[10]) else { continue }
            total += 1
            if total > query.offset && tickets.count < query.pageSize { tickets.append(ticket(row)) }
        }
        return TicketPage(tickets: tickets, total: total, query: query)
    }

    static let rowByRowSQL =
        "SELECT " + columns + ", ticketSearch.subject, ticketSearch.body FROM " + scopedSearchFrom + " WHERE tc.contactID = ?" + order

    /// A ticket from the nine columns of `ticket`, in table order.
    private static func ticket(_ row: Row) -> Ticket {
        Ticket(
            id: row[0], subject: row[1], pipeline: row[2], stage: row[3], status: TicketStatus(rawValue: row[4]) ?? .open,
            priority: (row[5] as String?).flatMap(TicketPriority.init(rawValue:)), category: row[6], createdAt: row[7], lastActivityAt: row[8])
    }

    /// `EXPLAIN QUERY PLAN` of a search's (page) query, one line.
    static func explain(_ plan: SearchPlan, in db: Database) throws -> String {
        let sql: String
        let arguments: StatementArguments
        switch plan {
        case .rowByRow:
            (sql, arguments) = (rowByRowSQL, [1])
        case .matchPerTicket, .matchUnscoped:
            let from = plan == .matchUnscoped ? unscopedSearchFrom : scopedSearchFrom
            (sql, arguments) = ("SELECT t.* FROM " + from + " WHERE tc.contactID = ? AND ticketSearch MATCH ?" + order + " LIMIT 25", [1, "\"x\"*"])
        }
        return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }.joined(separator: "; ")
    }
}
