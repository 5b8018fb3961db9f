import Foundation
import GRDB

/// The embedded SQLite database: one pool, WAL, foreign keys, and durable commits.
///
/// `DatabasePool` switches the writer to `synchronous = NORMAL` when it enables WAL (GRDB 7,
/// `Database.setUpWALMode`), which can lose the last commits on power failure. Gatehouse acknowledges
/// registrations and logins only after they are on disk, so the writer is set back to FULL right after
/// the pool opens (asserted by a test).
public final class AppDatabase: Sendable {
    public let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "gatehouse"
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        pool = try DatabasePool(path: path, configuration: configuration)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        try Self.migrator.migrate(pool)
    }

    /// A short indexed read on the calling thread. The async `pool.read` hops to GRDB's reader queue
    /// and back, two thread switches that cost more than the sub-millisecond queries each page makes
    /// (session, contact, one page of tickets); a WAL reader never waits for the writer, so blocking
    /// the caller this briefly is the cheaper choice. Long reads (exports, agent-wide counts) stay async.
    public func quickRead<T>(_ value: (Database) throws -> T) throws -> T {
        try pool.read(value)
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

    /// Whether a trivial query answers (for `/readyz`).
    public func isReachable() async -> Bool {
        (try? await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    /// Names of the migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Self.migrator.appliedMigrations(db) }
    }
}
