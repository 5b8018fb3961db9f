import Foundation
import GRDB
import GatehouseCore

/// Rate-limit events in the shared database: one row per counted event, read back per key and window.
public struct SQLiteRateLimitStore: RateLimitStore {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func take(_ buckets: [RateBucket], now: Date) async throws -> RateDecision {
        try await database.write { db in try Self.take(buckets, now: now, in: db) }
    }

    /// The check and the count in the caller's write transaction (SQLite has one writer at a time, so no
    /// other process counts between the two).
    static func take(_ buckets: [RateBucket], now: Date, in db: Database) throws -> RateDecision {
        var longest: (wait: TimeInterval, key: String)?
        for bucket in buckets {
            let events = try Date.fetchAll(
                db, sql: "SELECT at FROM rateEvent WHERE key = ? AND at > ? ORDER BY at",
                arguments: [bucket.key, now.addingTimeInterval(-bucket.window)])
            if let wait = bucket.wait(events: events, now: now), wait > (longest?.wait ?? 0) { longest = (wait, bucket.key) }
        }
        if let longest { return .limited(retryAfter: Int(longest.wait.rounded(.up)), key: longest.key) }
        for bucket in buckets {
            try db.execute(sql: "INSERT INTO rateEvent (key, at) VALUES (?, ?)", arguments: [bucket.key, now])
        }
        return .allowed
    }
}
