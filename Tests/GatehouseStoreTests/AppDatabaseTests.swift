import Foundation
import GRDB
import GatehouseCore
import GatehouseStore
import Testing

@Suite struct AppDatabaseTests {
    @Test("The writer commits with synchronous = FULL although DatabasePool sets NORMAL")
    func synchronousFull() throws {
        let database = try AppDatabase.temporary()
        #expect(try database.writerSynchronousMode() == 2)
    }

    @Test("WAL, foreign keys and every named migration are in place")
    func setup() throws {
        let database = try AppDatabase.temporary()
        #expect(
            try database.appliedMigrations() == [
                "v1-membership", "v1-sso-and-sessions", "v2-tickets", "v3-account-security", "v4-mail-delivery", "v5-notifications",
            ])
        let (journalMode, foreignKeys) = try database.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(journalMode == "wal")
        #expect(foreignKeys == 1)
        // A membership for a contact that does not exist is refused by the foreign key.
        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in
                try db.execute(sql: "INSERT INTO listMembership (listID, contactID, addedAt) VALUES (1, 999, '2030-01-01')")
            }
        }
    }

    @Test("Reopening a database keeps its data and migrates nothing twice")
    func reopen() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-reopen-\(UUID().uuidString).sqlite").path
        do {
            let database = try AppDatabase(path: path)
            _ = try await SQLiteContactRepository(database).createContact(
                email: .init("a@example.com")!, name: "A", verified: true, isPortalAdmin: false, at: Date())
        }
        let again = try AppDatabase(path: path)
        #expect(try await SQLiteContactRepository(again).contact(email: .init("A@Example.com")!)?.name == "A")
        try await again.probe()
    }
}

@Suite struct DatabaseThreadsTests {
    let now = Date(timeIntervalSince1970: 1_893_456_000)

    /// The wedge of issue 9: page reads made on the caller's thread waited for a reader connection that
    /// async reads held until their continuations ran on that very thread. 400 concurrent requests'
    /// worth of session and contact reads (by id and by email), ticket pages and session writes must all finish.
    @Test("Hundreds of concurrent reads and writes all finish: no caller thread waits inside SQLite")
    func noWedge() async throws {
        let database = try AppDatabase.temporary()
        let contacts = SQLiteContactRepository(database)
        let sessions = SQLiteSessionStore(database)
        let tickets = SQLiteTicketRepository(database)
        let contact = try await contacts.createContact(
            email: EmailAddress("load@example.com")!, name: "Load", verified: true, isPortalAdmin: false, at: now)
        let now = now
        let finished = await withDeadline(.seconds(60)) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<400 {
                    group.addTask {
                        switch index % 5 {
                        case 0: try await sessions.set(keyDigest: "k\(index)", value: Data("v".utf8), expiresAt: now + 60, contactID: nil)
                        case 1: _ = try await sessions.load(keyDigest: "k\(index - 1)", now: now)?.value
                        case 2: _ = try await contacts.contact(id: contact.id)
                        case 3: _ = try await contacts.contact(email: contact.email)
                        default:
                            _ = try await tickets.customerTickets(
                                TicketVisibility(contactID: contact.id, filter: PortalTicketFilter()), query: TicketQuery())
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(finished != nil, "the reads and writes did not finish within 60 s")
        if case .failure(let error) = finished { Issue.record(error) }
    }

    @Test("Every async access runs on the database's own threads, never the caller's")
    func ownThreads() async throws {
        let database = try AppDatabase.temporary()
        let caller = pthread_self()
        #expect(try await database.read { _ in pthread_equal(pthread_self(), caller) } == 0)
        #expect(try await database.write { _ in pthread_equal(pthread_self(), caller) } == 0)
    }
}
