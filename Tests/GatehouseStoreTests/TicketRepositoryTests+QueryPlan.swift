import Foundation
import GRDB
import GatehouseCore
import Testing

@testable import GatehouseStore

/// A contact's list and search must cost what the contact has, not what the help desk has: SQLite's
/// planner is free to start from `ticket` (an index that avoids the sort) or from the FTS5 index (all
/// tickets matching a word), so these tests read the plans of the statements the repository runs.
extension TicketRepositoryTests {
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
        let fixture = try await Fixture()
        // Skewed on purpose: Ada has two tickets, the help desk two hundred, most open and matching the search.
        for index in 0..<200 {
            let contact = index.isMultiple(of: 2) ? fixture.grace : fixture.mallory
            try await fixture.open("Printer \(index)", body: "toner", by: contact, priority: .high, at: Self.now + Double(index))
        }
        try await fixture.open("Printer", body: "toner", by: fixture.ada, priority: .high)
        try await fixture.open("Laptop", by: fixture.ada, stage: Self.stage("closed"))
        let filters = [PortalTicketFilter.none, PortalTicketFilter(pipelines: ["support"], priorities: [.high], createdAfter: Self.now - 60)]
        for analyzed in [false, true] {
            if analyzed { try await fixture.database.pool.write { db in try db.execute(sql: "ANALYZE") } }
            for filter in filters {
                for status in TicketQuery.StatusFilter.allCases {
                    for sort in TicketQuery.Sort.allCases {
                        for search in [nil, TicketSearchTerms("printer toner")] {
                            let query = TicketQuery(status: status, search: search, sort: sort)
                            let statements = try Self.customerStatements(fixture.visibility(fixture.ada, filter), query, in: fixture.database)
                            #expect(statements.count == (search == nil ? 2 : 1))
                            for sql in statements {
                                try Self.expectStartsFromTicketContact(sql, searching: search != nil, in: fixture.database)
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
