import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseStorePostgres
import Logging
import Testing

/// `gatehouse db copy`: a SQLite deployment exported table by table and imported into PostgreSQL reads
/// back the same through every repository, keeps its row counts, and goes on issuing fresh ids.
@Suite(.enabled(if: StoreKind.postgresURL != nil, "needs GATEHOUSE_TEST_POSTGRES_URL"))
struct DatabaseCopyTests {
    @Test func aCopiedDeploymentReadsTheSameOnPostgreSQL() async throws {
        let database = try AppDatabase.temporary()
        let source = Repositories.sqlite(database)
        let fixture = try await TicketFixture(source)
        let printer = try await fixture.open("Printer jams", body: "The Müller printer jams on page 2.", by: fixture.ada)
        try await fixture.append("Try the other tray.", to: printer)
        try await fixture.append("Internal: known firmware bug", to: printer, kind: .internalNote)
        try await fixture.open("Invoice question", by: fixture.grace)
        try await source.tickets.addContact(fixture.grace.id, to: printer.id)
        let list = try await source.lists.createList(named: "Customers", at: contractNow)
        try await source.lists.addMember(fixture.ada.id, to: list.id, at: contractNow)
        try await source.identities.setPasswordHash("$2b$12$hash", for: fixture.ada.id, at: contractNow)
        try await source.apiTokens.create(APIToken(digest: "digest-1", name: "helpdesk", createdAt: contractNow))
        try await source.sessions.set(keyDigest: "session-1", value: Data([1, 2, 3]), expiresAt: nil, contactID: fixture.ada.id)

        try await withPostgres { store in
            try await store.importing { importer in
                try await database.exportTables(batchSize: 2) { batch in try await importer.insert(batch) }
            }
            let target = store.repositories
            let counts = try await database.rowCounts()
            let copied = try await store.rowCounts()
            #expect(copied.filter { $0.value > 0 } == counts.filter { $0.value > 0 })
            #expect(try await target.contacts.allContacts() == source.contacts.allContacts())
            #expect(try await target.contacts.listNames(of: fixture.ada.id) == ["Customers"])
            #expect(try await target.identities.passwordHash(of: fixture.ada.id) == "$2b$12$hash")
            #expect(try await target.apiTokens.all() == source.apiTokens.all())
            #expect(try await target.sessions.load(keyDigest: "session-1", now: contractNow)?.value == Data([1, 2, 3]))
            #expect(try await target.tickets.agentTicket(printer.id) == source.tickets.agentTicket(printer.id))
            for words in ["muller", "tray", "firmware", "invoice", "p"] {
                let query = TicketQuery(search: TicketSearchTerms(words))
                #expect(
                    try await target.tickets.agentTickets(query: query) == source.tickets.agentTickets(query: query), "agents' search for \(words)")
                let visibility = TicketVisibility(contactID: fixture.grace.id, filter: .none)
                #expect(
                    try await target.tickets.customerTickets(visibility, query: query)
                        == source.tickets.customerTickets(visibility, query: query), "Grace's search for \(words)")
            }
            // Identity sequences continue after the copied ids.
            let newcomer = try await target.contacts.createContact(
                email: EmailAddress("new@example.com")!, name: "New", verified: true, isPortalAdmin: false, at: contractNow)
            #expect(newcomer.id > fixture.mallory.id)
            let ticket = try await target.tickets.openTicket(
                NewTicket(
                    subject: "After the move", body: "x", contact: newcomer, pipeline: "support", stage: TicketFixture.support.initialStage,
                    priority: nil, category: nil, at: contractNow))
            #expect(ticket.id > printer.id)
        }
    }

    @Test func aRowThatDoesNotFitRollsTheWholeCopyBack() async throws {
        try await withPostgres { store in
            await #expect(throws: ImportError.self) {
                try await store.importing { importer in
                    try await importer.insert(
                        StoreRows(table: "contactlist", columns: ["id", "name", "createdat"], rows: [[.integer(1), .text("A"), .date(contractNow)]]))
                    try await importer.insert(
                        StoreRows(
                            table: "contactlist", columns: ["id", "name", "createdat"], rows: [[.integer(2), .integer(5), .date(contractNow)]]))
                }
            }
            let counts = try await store.rowCounts()
            #expect(counts.values.allSatisfy { $0 == 0 }, "rows left after the failed copy: \(counts)")
        }
    }

    func withPostgres(_ body: (PostgresStore) async throws -> Void) async throws {
        try await withPostgresStore(prefix: "c_", body)
    }
}
