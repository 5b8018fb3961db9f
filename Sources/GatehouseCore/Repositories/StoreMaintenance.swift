import Foundation

/// The store as a whole: its readiness and its housekeeping, for `/readyz` and the periodic purge.
public protocol StoreMaintenance: Sendable {
    /// Returns once a read and a write went through (may never return when the store is stuck: callers
    /// put a deadline on it).
    func probe() async throws
    /// Deletes what has expired by `now`; returns how many rows per kind, for the log.
    func purgeExpired(now: Date) async throws -> [String: Int]
}
