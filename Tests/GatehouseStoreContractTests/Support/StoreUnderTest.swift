import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseStorePostgres
import GatehouseTestSupport
import Logging
import Testing

/// The stores every contract test runs against: SQLite, the in-memory fakes of GatehouseTestSupport (so
/// the fakes other suites inject keep the stores' rules), and PostgreSQL only when a server is configured
/// (`GATEHOUSE_TEST_POSTGRES_URL`, set by scripts/test); `postgresIsConfiguredUnderScriptsTest` fails
/// when scripts/test asked for it and it is missing, so the PostgreSQL cases never pass by not running.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case inMemory
    case postgres

    var testDescription: String {
        switch self {
        case .sqlite: "SQLite"
        case .inMemory: "in-memory"
        case .postgres: "PostgreSQL"
        }
    }

    static let environment = ProcessInfo.processInfo.environment

    /// The throwaway server's URL (`postgres://gatehouse@127.0.0.1:PORT/gatehouse?sslmode=disable`), if any.
    static var postgresURL: String? {
        environment["GATEHOUSE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The kinds the parameterised tests run with: SQLite and in-memory always, PostgreSQL when a server
    /// is configured.
    static let testedKinds: [StoreKind] = postgresURL == nil ? [.sqlite, .inMemory] : [.sqlite, .inMemory, .postgres]
}

/// Runs `body` with the repositories of a fresh, empty, migrated store of `kind`, and disposes of it
/// afterwards (also when `body` throws).
///
/// A body whose only `try`s are inside `#expect` is spelled `{ repositories throws in`: a closure's
/// effects are inferred from its text before the macros expand.
func withRepositories(_ kind: StoreKind, _ body: (Repositories) async throws -> Void) async throws {
    switch kind {
    case .sqlite:
        try await body(.sqlite(try AppDatabase.temporary()))
    case .inMemory:
        try await body(.inMemory())
    case .postgres:
        await PostgresStoreGate.shared.enter()
        do {
            try await withPostgresRepositories(body)
        } catch {
            await PostgresStoreGate.shared.leave()
            throw error
        }
        await PostgresStoreGate.shared.leave()
    }
}

/// A schema of its own (`t_` and random hex) in the shared test database, with the gate's pool size.
private func withPostgresRepositories(_ body: (Repositories) async throws -> Void) async throws {
    try await withPostgresStore(prefix: "t_", poolSize: PostgresStoreGate.connectionsPerStore) { store in try await body(store.repositories) }
}
