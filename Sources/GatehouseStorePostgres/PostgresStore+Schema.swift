import Foundation
import GatehouseCore
import PostgresNIO

/// Where a database's schema stands against this binary's migrations.
public struct PostgresSchemaStatus: Sendable, Equatable {
    /// Migrations recorded in the database, in the order they were applied.
    public var applied: [String]
    /// This binary's migrations not yet applied.
    public var pending: [String]
    /// Migrations the database has that this binary does not know (a newer release migrated it).
    public var unknown: [String]

    public var isCurrent: Bool { pending.isEmpty && unknown.isEmpty }
}

extension PostgresStore {
    /// The transaction-level lock every migrating process takes first (per schema, like every advisory
    /// lock of this store): instances started at once apply each migration exactly once (the others
    /// wait, then find nothing left to do).
    static let migrationLock = "gatehouse:migrate"

    /// Applies the pending migrations, each with its record, in one transaction under the migration lock;
    /// returns the names applied (none when the schema was current).
    @discardableResult
    public func migrate() async throws -> [String] {
        try await transaction(deadline: .some(nil)) { connection in
            // A migration may take long on a big table, and a waiting instance must not give up.
            try await connection.query("SET LOCAL statement_timeout = 0", logger: self.logger).collect()
            try await connection.lock([Self.migrationLock], self.logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS gatehouse_migrations (name text PRIMARY KEY, appliedAt timestamptz NOT NULL)", logger: self.logger
            ).collect()
            let applied = Set(try await Self.appliedMigrations(connection, logger: self.logger))
            var done: [String] = []
            for migration in PostgresMigrations.all where !applied.contains(migration.name) {
                for statement in Self.statements(migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger).collect()
                }
                try await connection.query(
                    "INSERT INTO gatehouse_migrations (name, appliedAt) VALUES (\(migration.name), \(Date()))", logger: self.logger
                ).collect()
                done.append(migration.name)
            }
            return done
        }
    }

    /// What `gatehouse db status` shows and `serve` checks before it answers anything.
    public func schemaStatus() async throws -> PostgresSchemaStatus {
        let applied = try await connection { connection in
            let exists =
                try await connection.query("SELECT to_regclass('gatehouse_migrations') IS NOT NULL", logger: self.logger)
                .collect().first?.decode(Bool.self) ?? false
            return exists ? try await Self.appliedMigrations(connection, logger: self.logger) : []
        }
        let known = PostgresMigrations.all.map(\.name)
        return PostgresSchemaStatus(
            applied: applied, pending: known.filter { !applied.contains($0) }, unknown: applied.filter { !known.contains($0) })
    }

    static func appliedMigrations(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query("SELECT name FROM gatehouse_migrations ORDER BY appliedAt, name", logger: logger).collect()
            .map { try $0.decode(String.self) }
    }

    /// A migration's statements (the extended protocol takes one at a time). Statements end with `;` at
    /// the end of a line; the migrations are written that way.
    static func statements(_ sql: String) -> [String] {
        sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }
            .filter { statement in statement.split(separator: "\n").contains { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") } }
    }

    /// Tables and their columns (lower case, in order), for the schema-parity test.
    public func tableColumns() async throws -> [String: [String]] {
        try await connection { connection in
            var tables: [String: [String]] = [:]
            let rows = try await connection.query(
                """
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name <> 'gatehouse_migrations'
                ORDER BY table_name, ordinal_position
                """, logger: self.logger
            ).collect()
            for row in rows {
                let (table, column) = try row.decode((String, String).self)
                tables[table, default: []].append(column)
            }
            return tables
        }
    }
}
