import Foundation
import GRDB
import GatehouseCore
import Testing

@testable import GatehouseStore

/// A contact's list and search must cost what the contact has, not what the help desk has: SQLite's
/// planner is free to start from `ticket` (an index that avoids the sort) or from the FTS5 index (all
/// tickets matching a word), so these tests read the plans of the statements the repository runs.
@Suite struct TicketQueryPlanTests {
    static let now = Date(timeIntervalSince1970: 1_893_456_000)

    /// The statements `customerTickets` runs (a list: the count, then the page; a search: one pass over the
    /// contact's tickets), with their arguments inlined.
    static func customerStatements(_ visibility: TicketVisibility, _ query: TicketQuery, in database: AppDatabase) throws -> [String] {
        try database.pool.read { db in
            var statements: [String] = []
            db.trace { event in
                if case .statement(let statement) = event { statements.append(statement.expandedSQL) }
            }
            defer { db.trace(options: []) }
            _ = try SQLiteTicketRepository.customerTickets(visibility, query: query, in: db)
            // FTS5 reads its own configuration through SQL too; keep the repository's statements.
            return statements.filter { $0.contains("FROM ticketContact tc") }
        }
    }

    static func queryPlan(of sql: String, in database: AppDatabase) throws -> [String] {
        try database.pool.read { db in try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] } }
    }

    @Test("Customer lists and searches start from the contact's ticketContact range, before and after ANALYZE")
    func customerQueriesStartFromTicketContact() async throws {
        let database = try AppDatabase.temporary()
        let tickets = SQLiteTicketRepository(database)
        let contacts = SQLiteContactRepository(database)
        var people: [Contact] = []
        for name in ["ada", "grace", "mallory"] {
            people.append(
                try await contacts.createContact(
                    email: .init("\(name)@example.com")!, name: name.capitalized, verified: true, isPortalAdmin: false, at: Self.now))
        }
        let (ada, grace, mallory) = (people[0], people[1], people[2])
        func open(_ subject: String, body: String, by contact: Contact, stage: String = "new", priority: TicketPriority?, at date: Date)
            async throws
        {
            let stage = TicketPipeline.support.stage(named: stage)!
            _ = try await tickets.openTicket(
                NewTicket(
                    subject: subject, body: body, contact: contact, pipeline: "support", stage: stage, priority: priority, category: nil, at: date))
        }
        // Skewed on purpose: Ada has two tickets, the help desk two hundred, most open and matching the search.
        for index in 0..<200 {
            let contact = index.isMultiple(of: 2) ? grace : mallory
            try await open("Printer \(index)", body: "toner", by: contact, priority: .high, at: Self.now + Double(index))
        }
        try await open("Printer", body: "toner", by: ada, priority: .high, at: Self.now)
        try await open("Laptop", body: "Please help.", by: ada, stage: "closed", priority: nil, at: Self.now)
        let filters = [PortalTicketFilter.none, PortalTicketFilter(pipelines: ["support"], priorities: [.high], createdAfter: Self.now - 60)]
        for analyzed in [false, true] {
            if analyzed { try await database.pool.write { db in try db.execute(sql: "ANALYZE") } }
            for filter in filters {
                for status in TicketQuery.StatusFilter.allCases {
                    for sort in TicketQuery.Sort.allCases {
                        for search in [nil, TicketSearchTerms("printer toner")] {
                            let query = TicketQuery(status: status, search: search, sort: sort)
                            let visibility = TicketVisibility(contactID: ada.id, filter: filter)
                            let statements = try Self.customerStatements(visibility, query, in: database)
                            #expect(statements.count == (search == nil ? 2 : 1))
                            for sql in statements {
                                try Self.expectStartsFromTicketContact(sql, searching: search != nil, in: database)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The first step is the contact's primary-key range; `ticket` is then read by rowid only, and the
    /// full-text table (when searching) is read after both, by rowid, once per candidate ticket — never
    /// with a MATCH, whose prefix doclists cost what the whole index holds.
    static func expectStartsFromTicketContact(_ sql: String, searching: Bool, in database: AppDatabase) throws {
        let plan = try queryPlan(of: sql, in: database)
        let context: Comment = "\(sql)\n\(plan.joined(separator: "\n"))"
        let first = plan.first ?? ""
        #expect(first.hasPrefix("SEARCH tc USING ") && first.contains("(contactID=?)"), context)
        let ticketSteps = plan.filter { $0.hasPrefix("SCAN t ") || $0 == "SCAN t" || $0.hasPrefix("SEARCH t ") }
        #expect(ticketSteps.count == 1, context)
        #expect(ticketSteps.allSatisfy { $0.hasPrefix("SEARCH t USING INTEGER PRIMARY KEY (rowid=?)") }, context)
        let searchSteps = plan.indices.filter { plan[$0].contains("ticketSearch") }
        if searching {
            let ticketStep = try #require(plan.firstIndex { $0.hasPrefix("SEARCH t ") }, context)
            #expect(searchSteps.count == 1, context)
            #expect(searchSteps.allSatisfy { $0 > ticketStep }, context)
            #expect(searchSteps.allSatisfy { plan[$0].hasSuffix("VIRTUAL TABLE INDEX 0:=") }, context)
            #expect(!sql.contains("MATCH"), context)
        } else {
            #expect(searchSteps.isEmpty, context)
        }
    }
}
