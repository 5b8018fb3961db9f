import Foundation

/// Online-guessing protection that a stranger cannot turn into a lockout (OWASP, "Slow Down Online
/// Guessing Attacks with Device Cookies").
///
/// Failed password attempts are counted per account *and client class*: each browser that has signed
/// in to the account before carries a device cookie and is a class of its own; every other client of
/// that account shares the "untrusted" class. A stranger's failures therefore only slow the untrusted
/// class — the owner's browser keeps working — and a class that keeps failing waits longer and longer
/// (doubling from `baseDelay` up to `maxDelay`) instead of being locked out for a fixed time. Untrusted
/// failures from one client address across accounts (credential stuffing) are limited the same way.
///
/// Attempts in flight count against the remaining budget: when they could use it up, a new attempt
/// *waits* for them to finish instead of being refused, so parallel guesses cannot slip past the limit
/// and a correct password is never refused because other attempts are merely in flight.
public struct LoginThrottlePolicy: Sendable, Equatable {
    /// Failures per account and client class within `window` before delays start.
    public var freeFailures: Int
    /// Untrusted failures from one client address (any account) within `window` before delays start.
    public var failuresPerClient: Int
    public var window: TimeInterval
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval
    /// An attempt still in flight after this long is presumed lost (a crash) and no longer counted.
    public var pendingLifetime: TimeInterval
    /// How long an attempt waits for others in flight before giving up (503, try again).
    public var maximumWait: TimeInterval

    public init(
        freeFailures: Int = 5, failuresPerClient: Int = 20, window: TimeInterval = 900, baseDelay: TimeInterval = 1, maxDelay: TimeInterval = 900,
        pendingLifetime: TimeInterval = 60, maximumWait: TimeInterval = 30
    ) {
        self.freeFailures = freeFailures
        self.failuresPerClient = failuresPerClient
        self.window = window
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.pendingLifetime = pendingLifetime
        self.maximumWait = maximumWait
    }

    /// One counter: failures within the window, the latest of them, and attempts in flight.
    public struct Count: Sendable, Equatable {
        public var failures: Int
        public var lastFailure: Date?
        public var pending: Int

        public init(failures: Int = 0, lastFailure: Date? = nil, pending: Int = 0) {
            self.failures = failures
            self.lastFailure = lastFailure
            self.pending = pending
        }
    }

    public enum Decision: Sendable, Equatable {
        case proceed
        /// Attempts in flight could use up the budget: ask again when one of them has finished.
        case wait
        case refuse(retryAfter: Int)
    }

    /// The decision for an attempt given the account-and-class counter and, for untrusted clients, the
    /// client address's counter.
    public func decide(account: Count, client: Count?, now: Date) -> Decision {
        let decisions = [decide(account, free: freeFailures, now: now)] + (client.map { [decide($0, free: failuresPerClient, now: now)] } ?? [])
        let refusals = decisions.compactMap { decision -> Int? in
            if case .refuse(let after) = decision { return after }
            return nil
        }
        if let longest = refusals.max() { return .refuse(retryAfter: longest) }
        return decisions.contains(.wait) ? .wait : .proceed
    }

    /// The delay a counter with `failures` imposes after its latest failure.
    public func delay(afterFailures failures: Int, free: Int) -> TimeInterval {
        guard failures >= free else { return 0 }
        let doublings = min(failures - free, 30)
        return min(maxDelay, baseDelay * Double(1 << doublings))
    }

    private func decide(_ count: Count, free: Int, now: Date) -> Decision {
        if count.failures >= free {
            let allowedAt = (count.lastFailure ?? now).addingTimeInterval(delay(afterFailures: count.failures, free: free))
            if allowedAt > now { return .refuse(retryAfter: Int(allowedAt.timeIntervalSince(now).rounded(.up))) }
            // Past the free budget, one attempt at a time.
            return count.pending > 0 ? .wait : .proceed
        }
        return count.failures + count.pending >= free ? .wait : .proceed
    }
}
