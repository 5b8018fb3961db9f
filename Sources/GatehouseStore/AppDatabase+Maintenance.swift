import Foundation
import GRDB

extension AppDatabase {
    /// Deletes what has expired: sessions, pending SAML requests, replay entries and used or expired
    /// email tokens (kept a day after expiry for support questions), rate-limit events and password
    /// attempts older than any window (a day), completed account requests after a week, trusted devices
    /// unused for 180 days. Returns rows deleted per table.
    @discardableResult
    public func purgeExpired(now: Date) async throws -> [String: Int] {
        try await write { db in
            var deleted: [String: Int] = [:]
            for (table, column, cutoff) in [
                ("session", "expiresAt", now), ("samlRequest", "expiresAt", now), ("replayEntry", "expiresAt", now),
                ("token", "expiresAt", now.addingTimeInterval(-86_400)), ("rateEvent", "at", now.addingTimeInterval(-86_400)),
                ("loginAttempt", "startedAt", now.addingTimeInterval(-86_400)),
                ("accountRequest", "completedAt", now.addingTimeInterval(-7 * 86_400)),
                ("trustedDevice", "lastUsedAt", now.addingTimeInterval(-180 * 86_400)),
            ] {
                try db.execute(sql: "DELETE FROM \(table) WHERE \(column) <= ?", arguments: [cutoff])
                deleted[table] = db.changesCount
            }
            return deleted
        }
    }
}
