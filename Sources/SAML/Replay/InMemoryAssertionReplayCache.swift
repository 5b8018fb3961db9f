import Foundation
import Synchronization

/// A process-local replay cache. Entries expire with their assertion; capacity is bounded, and when it
/// is exhausted by unexpired entries new assertions are refused rather than old ones forgotten.
public final class InMemoryAssertionReplayCache: AssertionReplayCache {
    private struct Key: Hashable {
        let issuer: String
        let assertionID: String
    }

    private struct State {
        var expiries: [Key: Date] = [:]
        var nextPurge = Date.distantPast
    }

    private let state = Mutex(State())
    public let capacity: Int

    public init(capacity: Int = 1_000_000) {
        self.capacity = capacity
    }

    public struct Full: Error {}

    public func markUsed(assertionID: String, issuer: String, until expiry: Date, now: Date) throws -> Bool {
        let key = Key(issuer: issuer, assertionID: assertionID)
        return try state.withLock { state throws(Full) in
            if let existing = state.expiries[key], existing > now {
                return false
            }
            if state.expiries.count >= capacity || now >= state.nextPurge {
                state.expiries = state.expiries.filter { $0.value > now }
                state.nextPurge = now.addingTimeInterval(60)
            }
            guard state.expiries.count < capacity else { throw Full() }
            state.expiries[key] = expiry
            return true
        }
    }

    /// Forgets every entry (tests and benchmarks replay one response many times).
    public func removeAll() {
        state.withLock { $0.expiries.removeAll(keepingCapacity: true) }
    }

    /// Number of unexpired entries (for tests and metrics).
    public func count(now: Date) -> Int {
        state.withLock { $0.expiries.values.filter { $0 > now }.count }
    }
}
