import Foundation
import GatehouseCore
import Synchronization
import Testing

@Suite struct LoginThrottlePolicyTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    let policy = LoginThrottlePolicy(freeFailures: 3, failuresPerClient: 10, window: 900, baseDelay: 1, maxDelay: 60)

    func count(_ failures: Int, lastFailure ago: TimeInterval = 0, pending: Int = 0) -> LoginThrottlePolicy.Count {
        LoginThrottlePolicy.Count(failures: failures, lastFailure: Self.now.addingTimeInterval(-ago), pending: pending)
    }

    @Test("Within the free budget attempts proceed; attempts in flight that could use it up make the next one wait")
    func freeBudget() {
        #expect(policy.decide(account: count(0), client: nil, now: Self.now) == .proceed)
        #expect(policy.decide(account: count(2), client: nil, now: Self.now) == .proceed)
        #expect(policy.decide(account: count(2, pending: 1), client: nil, now: Self.now) == .wait)
        #expect(policy.decide(account: count(0, pending: 3), client: nil, now: Self.now) == .wait)
        #expect(policy.decide(account: count(0, pending: 2), client: nil, now: Self.now) == .proceed)
    }

    @Test("Past the budget the delay doubles per failure up to the maximum, then one attempt at a time")
    func doubling() {
        #expect((3...10).map { policy.delay(afterFailures: $0, free: 3) } == [1, 2, 4, 8, 16, 32, 60, 60])
        #expect(policy.delay(afterFailures: 2, free: 3) == 0)
        #expect(policy.delay(afterFailures: 1_000, free: 3) == 60)
        #expect(policy.decide(account: count(5, lastFailure: 1.5), client: nil, now: Self.now) == .refuse(retryAfter: 3))
        #expect(policy.decide(account: count(5, lastFailure: 4), client: nil, now: Self.now) == .proceed)
        #expect(policy.decide(account: count(5, lastFailure: 4, pending: 1), client: nil, now: Self.now) == .wait)
    }

    @Test("The client address's counter applies too; the longer refusal wins")
    func clientCounter() {
        #expect(policy.decide(account: count(0), client: count(10), now: Self.now) == .refuse(retryAfter: 1))
        #expect(policy.decide(account: count(4), client: count(13), now: Self.now) == .refuse(retryAfter: 8))
        #expect(policy.decide(account: count(0), client: count(9, pending: 1), now: Self.now) == .wait)
        #expect(policy.decide(account: count(0), client: count(9), now: Self.now) == .proceed)
    }
}

@Suite struct RateBucketTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)

    @Test("A bucket has room until `limit` events are inside the window, then says when the oldest leaves")
    func slidingWindow() {
        let bucket = RateBucket(key: "k", limit: 3, window: 3600)
        let ago = { (seconds: TimeInterval) in Self.now.addingTimeInterval(-seconds) }
        #expect(bucket.wait(events: [], now: Self.now) == nil)
        #expect(bucket.wait(events: [ago(10), ago(20)], now: Self.now) == nil)
        #expect(bucket.wait(events: [ago(10), ago(3000), ago(20)], now: Self.now) == 600)
        #expect(bucket.wait(events: [ago(10), ago(3600), ago(20)], now: Self.now) == nil, "an event exactly a window old has left")
        #expect(bucket.wait(events: [ago(1), ago(2), ago(3), ago(4)], now: Self.now) == 3597, "two must leave before one more fits")
        #expect(bucket.wait(events: [ago(3599.5), ago(1), ago(2)], now: Self.now) == 1, "never less than a second")
    }

    @Test("Registration and reset requests count against the named address and the client, whatever the address's state")
    func accountBuckets() {
        let limits = AccountLimits(requestsPerAddress: 5, requestsPerClient: 20)
        #expect(
            limits.requestBuckets(recipient: EmailAddress("Ada@Example.com")!, client: "192.0.2.1") == [
                RateBucket(key: "request:recipient:ada@example.com", limit: 5, window: 3600),
                RateBucket(key: "request:client:192.0.2.1", limit: 20, window: 3600),
            ])
    }
}

@Suite struct DeadlineTests {
    @Test("An operation that finishes in time returns its result; its error is passed on")
    func inTime() async throws {
        #expect(try await withDeadline(.seconds(5)) { 42 }?.get() == 42)
        struct Failure: Error {}
        let failed = await withDeadline(.seconds(5)) { () async throws -> Int in throw Failure() }
        #expect(throws: Failure.self) { try failed?.get() }
    }

    @Test("An operation that ignores cancellation does not hold the caller: the deadline answers while it still runs")
    func stuckOperation() async throws {
        let gate = Gate()
        // The backstop: were the caller held until the operation ends, this test fails after 120 s instead of
        // hanging. Generous because the deadline's timer is a task on the cooperative pool (2 threads here),
        // which the suites running alongside can keep busy for many seconds (seen: 30 s under a parallel
        // cold build); the assertion is about order (the deadline answers first), not about time.
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { gate.open() }
        let result = await withDeadline(.milliseconds(50)) { () async -> Int in
            // Waits for work elsewhere and ignores cancellation, like a call stuck on the database's threads.
            await gate.wait()
            return 1
        }
        #expect(result == nil)
        #expect(!gate.isOpen, "withDeadline answered before the operation was let go")
        gate.open()
    }
}

/// A one-shot latch: ``wait()`` returns once ``open()`` was called (and ignores cancellation).
final class Gate: Sendable {
    private let state = Mutex((open: false, waiters: [CheckedContinuation<Void, Never>]()))

    var isOpen: Bool { state.withLock { $0.open } }

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
