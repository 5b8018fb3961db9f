import Foundation
import GatehouseStore
import GatehouseStorePostgres
import Logging
import Testing

/// The PostgreSQL migrations build the same logical schema as the SQLite ones: every table and column,
/// in the same order, apart from the search table (FTS5 keys it by rowid; PostgreSQL names the ticket
/// and adds the lexemes its GIN index needs).
@Suite(.enabled(if: StoreKind.postgresURL != nil, "needs GATEHOUSE_TEST_POSTGRES_URL"))
struct SchemaParityTests {
    static let postgresOnly: [String: [String]] = ["ticketsearch": ["ticketid", "words"]]

    @Test func sameTablesAndColumnsOnBothStores() async throws {
        let sqlite = try AppDatabase.temporary().tableColumns()
        let postgres = try await Self.postgresColumns()
        #expect(Set(sqlite.keys) == Set(postgres.keys), "tables differ")
        for (table, columns) in sqlite {
            let extra = Self.postgresOnly[table] ?? []
            let postgresColumns = (postgres[table] ?? []).filter { !extra.contains($0) }
            // Columns added by later SQLite migrations come last there; PostgreSQL's first migration lists
            // them in place, so the comparison is by name.
            #expect(Set(columns) == Set(postgresColumns), "columns of \(table): SQLite \(columns), PostgreSQL \(postgresColumns)")
        }
    }

    @Test func migratingTwiceAppliesNothingAndStatusIsCurrent() async throws {
        try await Self.withStore { store in
            #expect(try await store.migrate().isEmpty)
            let status = try await store.schemaStatus()
            #expect(status.isCurrent)
            #expect(status.applied == ["v1-schema", "v2-mail-delivery", "v3-notifications"])
        }
    }

    @Test func concurrentMigrationsRunEachMigrationOnce() async throws {
        try await Self.withStore(migrated: false) { store in
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 { group.addTask { try await store.migrate() } }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(applied == ["v1-schema", "v2-mail-delivery", "v3-notifications"])
        }
    }

    static func postgresColumns() async throws -> [String: [String]] {
        var columns: [String: [String]] = [:]
        try await withStore { columns = try await $0.tableColumns() }
        return columns
    }

    static func withStore(migrated: Bool = true, _ body: (PostgresStore) async throws -> Void) async throws {
        try await withPostgresStore(prefix: "p_", poolSize: 4, migrated: migrated, body)
    }
}
