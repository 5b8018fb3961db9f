import GatehouseCore
import Logging
import PostgresNIO

extension PostgresConnection {
    /// Every row of a statement.
    func rows(_ query: PostgresQuery, _ logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }

    /// Runs a statement and returns how many rows it returned (`RETURNING 1` stands in for the command tag).
    @discardableResult
    func run(_ query: PostgresQuery, _ logger: Logger) async throws -> Int {
        try await self.query(query, logger: logger).collect().count
    }

    /// Runs a write, turning a uniqueness violation (SQLSTATE 23505) into ``StoreError/conflict``.
    func insert(_ query: PostgresQuery, conflict what: String, _ logger: Logger) async throws -> [PostgresRow] {
        do {
            return try await rows(query, logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError.conflict(what)
        }
    }

    /// Serialises transactions that decide on the same thing (a rate-limit key, an account's attempts,
    /// an address): a transaction-level advisory lock per key, taken in sorted order so two transactions
    /// never wait on each other. PostgreSQL has many writers where SQLite has one; this restores the
    /// "check, then write" atomicity the SQLite store gets from its single writer. Advisory locks are
    /// database-wide, so the key includes the schema: two deployments (or test schemas) in one database
    /// never wait on each other.
    func lock(_ keys: [String], _ logger: Logger) async throws {
        for key in Set(keys).sorted() {
            try await run("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':' || \(key), 0))", logger)
        }
    }
}
