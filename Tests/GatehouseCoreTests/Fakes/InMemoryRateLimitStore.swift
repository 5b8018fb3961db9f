import Foundation
import GatehouseCore

/// ``RateLimitStore`` over ``InMemoryStorage``.
struct InMemoryRateLimitStore: RateLimitStore {
    let storage: InMemoryStorage

    func take(_ buckets: [RateBucket], now: Date) async throws -> RateDecision {
        storage.write { $0.take(buckets, now: now) }
    }
}
