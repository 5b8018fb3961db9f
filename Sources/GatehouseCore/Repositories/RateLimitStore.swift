import Foundation

/// Sliding-window counters kept in the shared database, so limits hold across processes.
public protocol RateLimitStore: Sendable {
    /// Checks every bucket and, only when all have room, counts one event in each: in one transaction,
    /// so concurrent requests cannot all slip under a limit.
    func take(_ buckets: [RateBucket], now: Date) async throws -> RateDecision
}
