import Foundation
import GatehouseCore

/// ``RateLimitStore`` over ``InMemoryStorage``: every bucket checked and counted in one write.
public struct InMemoryRateLimitStore: RateLimitStore {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func take(_ buckets: [RateBucket], now: Date) async throws -> RateDecision {
        storage.write { $0.take(buckets, now: now) }
    }
}
