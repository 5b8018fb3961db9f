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
        #expect(try database.appliedMigrations() == ["v1-membership", "v1-sso-and-sessions", "v2-tickets"])
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
        #expect(await again.isReachable())
    }
}
