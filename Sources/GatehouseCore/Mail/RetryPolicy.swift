import Foundation

/// When a message that failed temporarily is tried again: exponential backoff from `firstDelay`,
/// doubling up to `maximumDelay`, with ±20% jitter so that a queue that failed together does not retry
/// together; after `maximumAge` since it was queued it is given up (marked failed).
public struct RetryPolicy: Sendable, Equatable {
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    public var maximumAge: TimeInterval

    public init(firstDelay: TimeInterval = 30, maximumDelay: TimeInterval = 3_600, maximumAge: TimeInterval = 2 * 86_400) {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.maximumAge = maximumAge
    }

    /// The next attempt after `attempts` attempts (1 after the first), `jitter` in 0..<1.
    public func nextAttempt(after attempts: Int, now: Date, jitter: Double) -> Date {
        let doublings = max(0, min(attempts - 1, 30))
        let delay = min(maximumDelay, firstDelay * pow(2, Double(doublings)))
        return now.addingTimeInterval(delay * (0.8 + 0.4 * jitter))
    }

    public func givesUp(on message: OutboxMessage, now: Date) -> Bool {
        now.timeIntervalSince(message.createdAt) >= maximumAge
    }
}
