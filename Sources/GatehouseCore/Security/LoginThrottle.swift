import Foundation
import Synchronization

/// Limits password attempts per account and per client address within a sliding window.
///
/// In memory, per process: it slows online guessing without a database write per attempt. Entries
/// are pruned as they age out and the table is bounded (the oldest keys go first), so a flood of
/// addresses cannot grow it.
public final class LoginThrottle: Sendable {
    public struct Limits: Sendable, Equatable {
        public var failuresPerAccount: Int
        public var failuresPerAddress: Int
        public var window: TimeInterval

        public init(failuresPerAccount: Int = 5, failuresPerAddress: Int = 20, window: TimeInterval = 900) {
            self.failuresPerAccount = failuresPerAccount
            self.failuresPerAddress = failuresPerAddress
            self.window = window
        }
    }

    private struct State {
        var failures: [String: [Date]] = [:]
    }

    private let state = Mutex(State())
    public let limits: Limits
    private let capacity: Int

    public init(limits: Limits = Limits(), capacity: Int = 100_000) {
        self.limits = limits
        self.capacity = capacity
    }

    /// Whether another attempt for `account` from `address` may be checked now.
    public func allows(account: String, address: String, now: Date) -> Bool {
        state.withLock { state in isAllowed(account: account, address: address, now: now, in: state) }
    }

    /// Checks and counts an attempt in one step: the attempt is recorded as a failure before the
    /// password is checked (a bcrypt run), so parallel guesses cannot all slip under the limit.
    /// A successful sign-in then takes it back with ``recordSuccess(account:address:now:)``.
    public func reserveAttempt(account: String, address: String, now: Date) -> Bool {
        state.withLock { state in
            guard isAllowed(account: account, address: address, now: now, in: state) else { return false }
            record(account: account, address: address, now: now, in: &state)
            return true
        }
    }

    public func recordFailure(account: String, address: String, now: Date) {
        state.withLock { state in record(account: account, address: address, now: now, in: &state) }
    }

    /// A successful sign-in clears the account's failures (not the address's).
    public func recordSuccess(account: String) {
        _ = state.withLock { $0.failures.removeValue(forKey: "account:" + account) }
    }

    /// A successful sign-in after ``reserveAttempt(account:address:now:)``: clears the account's failures
    /// and takes back the attempt reserved for the address, so colleagues behind one NAT address who
    /// sign in correctly do not use up its limit.
    public func recordSuccess(account: String, address: String, now: Date) {
        state.withLock { state in
            state.failures.removeValue(forKey: "account:" + account)
            let key = "address:" + address
            if var times = state.failures[key], let index = times.lastIndex(of: now) {
                times.remove(at: index)
                state.failures[key] = times.isEmpty ? nil : times
            }
        }
    }

    private func isAllowed(account: String, address: String, now: Date, in state: State) -> Bool {
        let accountFailures = Self.recent(state.failures["account:" + account], now: now, window: limits.window)
        let addressFailures = Self.recent(state.failures["address:" + address], now: now, window: limits.window)
        return accountFailures < limits.failuresPerAccount && addressFailures < limits.failuresPerAddress
    }

    private func record(account: String, address: String, now: Date, in state: inout State) {
        if state.failures.count >= capacity {
            state.failures = state.failures.filter { $0.value.contains { now.timeIntervalSince($0) < limits.window } }
            if state.failures.count >= capacity {
                // Still full of recent entries (a flood): drop a quarter, addresses before accounts, and
                // within each the keys with the fewest and oldest failures, so an account close to its
                // limit is the last thing forgotten.
                func rank(_ entry: (key: String, value: [Date])) -> (Int, Int, Date) {
                    (entry.key.hasPrefix("account:") ? 1 : 0, entry.value.count, entry.value.last ?? .distantPast)
                }
                let evicted = state.failures.sorted { rank($0) < rank($1) }.prefix(state.failures.count - capacity * 3 / 4).map(\.key)
                for key in evicted { state.failures.removeValue(forKey: key) }
            }
        }
        for key in ["account:" + account, "address:" + address] {
            var times = state.failures[key, default: []].filter { now.timeIntervalSince($0) < limits.window }
            times.append(now)
            state.failures[key] = times
        }
    }

    private static func recent(_ times: [Date]?, now: Date, window: TimeInterval) -> Int {
        times?.filter { now.timeIntervalSince($0) < window }.count ?? 0
    }
}
