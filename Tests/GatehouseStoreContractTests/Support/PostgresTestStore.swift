import Foundation
import GatehouseStorePostgres
import Logging
import Testing

/// A PostgreSQL store in a schema of its own (`prefix` and random hex) of the test server, for the tests
/// that need the store itself rather than its repositories (schema, migrations, copy): created,
/// migrated unless asked not to, used, dropped and stopped, whatever happens in between.
func withPostgresStore(prefix: String, poolSize: Int = 2, migrated: Bool = true, _ body: (PostgresStore) async throws -> Void) async throws {
    let url = try #require(StoreKind.postgresURL, "GATEHOUSE_TEST_POSTGRES_URL is not set")
    var configuration = try PostgresStoreConfiguration(url: url, password: StoreKind.environment["GATEHOUSE_TEST_POSTGRES_PASSWORD"])
    let schema = prefix + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    configuration.schema = schema
    configuration.poolSize = poolSize
    let store = PostgresStore(configuration: configuration, logger: Logger(label: "gatehouse.\(prefix)tests"))
    store.startInBackground()
    var failure: (any Error)?
    do {
        try await store.execute(unsafeSQL: "CREATE SCHEMA \(schema)")
        if migrated { try await store.migrate() }
        try await body(store)
    } catch {
        failure = error
    }
    try? await store.execute(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE")
    await store.stop()
    if let failure { throw failure }
}
