import Foundation
import GRDB
import NIOPosix

/// The embedded SQLite database: one pool, WAL, foreign keys, and durable commits.
///
/// `DatabasePool` switches the writer to `synchronous = NORMAL` when it enables WAL (GRDB 7,
/// `Database.setUpWALMode`), which can lose the last commits on power failure. Gatehouse acknowledges
/// registrations and logins only after they are on disk, so the writer is set back to FULL right after
/// the pool opens (asserted by a test).
///
/// Every access from async code goes through ``read(_:)`` and ``write(_:)``, which run GRDB's blocking
/// calls on threads of the database's own (``DatabaseThreads``) and never on the caller's. In `gatehouse
/// serve` Swift Concurrency runs on NIO's event loops: a SQLite call made there would stop the loop, and
/// a loop blocked waiting for a reader that an async read holds until *its* continuation runs on that
/// same loop never wakes again (the wedge of issue 9). GRDB's own async reads are not used either: they
/// keep a reader checked out across the hop back to the caller's executor.
public final class AppDatabase: Sendable {
    /// For migrations, tests and benchmarks; request-serving code uses ``read(_:)`` and ``write(_:)``.
    public let pool: DatabasePool
    let threads: DatabaseThreads

    /// Readers GRDB may open, and so the number of reading threads: a reading thread never waits for
    /// a connection another thread holds.
    static let readerCount = 4

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "gatehouse"
        configuration.maximumReaderCount = Self.readerCount
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        pool = try DatabasePool(path: path, configuration: configuration)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        try Self.migrator.migrate(pool)
        threads = DatabaseThreads(readers: Self.readerCount)
    }

    /// A read transaction on one of the reading threads.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await threads.reading { [pool] in try pool.read(body) }
    }

    /// A write transaction on the writing thread; committed (on disk, `synchronous = FULL`) when this returns.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await threads.writing { [pool] in try pool.write(body) }
    }

    /// Statements on the writer connection outside a transaction (pragmas, `VACUUM`).
    public func writeWithoutTransaction<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await threads.writing { [pool] in try pool.writeWithoutTransaction(body) }
    }

    /// A database in a fresh temporary file (WAL needs a file), for tests and benchmarks.
    public static func temporary() throws -> AppDatabase {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-\(UUID().uuidString).sqlite").path
        return try AppDatabase(path: path)
    }

    /// The writer connection's `PRAGMA synchronous` (2 = FULL).
    public func writerSynchronousMode() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Names of the migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Self.migrator.appliedMigrations(db) }
    }
}

extension AppDatabase {
    /// A trivial query on a reader and one on the writer connection (for `/readyz`): each goes through
    /// its thread's queue, so a wedged or saturated writer shows as well as an unreadable file.
    public func probe() async throws {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
        _ = try await writeWithoutTransaction { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// Closes every connection: each later call fails as on a database that went away (the tests of
    /// `/readyz` and of the outage pages).
    public func close() throws {
        try pool.close()
    }
}

extension AppDatabase {
    /// Tables and their columns (lower case, in order), for the schema-parity test with the PostgreSQL
    /// store. FTS5's shadow tables are SQLite's machinery, not the schema.
    public func tableColumns() throws -> [String: [String]] {
        try pool.read { db in
            var tables: [String: [String]] = [:]
            let names = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
            for name in names where !name.hasPrefix("ticketSearch_") {
                tables[name.lowercased()] = try db.columns(in: name).map { $0.name.lowercased() }
            }
            return tables
        }
    }
}
