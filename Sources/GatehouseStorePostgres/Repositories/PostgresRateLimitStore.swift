import Foundation
import GatehouseCore
import PostgresNIO

/// Rate-limit events in the shared database, so a limit holds across the fleet.
public struct PostgresRateLimitStore: RateLimitStore {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func take(_ buckets: [RateBucket], now: Date) async throws -> RateDecision {
        try await store.transaction { connection in try await Self.take(buckets, now: now, connection, store) }
    }

    /// The check and the count in the caller's transaction, under each bucket's lock: concurrent
    /// requests on any instance count one after the other.
    static func take(_ buckets: [RateBucket], now: Date, _ connection: PostgresConnection, _ store: PostgresStore) async throws -> RateDecision {
        try await connection.lock(buckets.map { "rate:" + $0.key }, store.logger)
        var longest: (wait: TimeInterval, key: String)?
        for bucket in buckets {
            let events = try await connection.rows(
                "SELECT at FROM rateEvent WHERE key = \(bucket.key) AND at > \(now.addingTimeInterval(-bucket.window)) ORDER BY at", store.logger
            ).map { try $0.decode(Date.self) }
            if let wait = bucket.wait(events: events, now: now), wait > (longest?.wait ?? 0) { longest = (wait, bucket.key) }
        }
        if let longest { return .limited(retryAfter: Int(longest.wait.rounded(.up)), key: longest.key) }
        for bucket in buckets {
            try await connection.run("INSERT INTO rateEvent (key, at) VALUES (\(bucket.key), \(now))", store.logger)
        }
        return .allowed
    }
}
