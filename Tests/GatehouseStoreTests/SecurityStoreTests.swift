import Foundation
import GatehouseCore
import GatehouseStore
import Testing

@Suite struct SecurityStoreTests {
    let now = Date(timeIntervalSince1970: 1_893_456_000)

    @Test("Rate limits: every bucket is checked before any is counted; the wait is until the oldest needed event leaves")
    func rateLimits() async throws {
        let database = try AppDatabase.temporary()
        let limits = SQLiteRateLimitStore(database)
        let tight = RateBucket(key: "a", limit: 2, window: 60)
        let loose = RateBucket(key: "b", limit: 10, window: 60)
        #expect(try await limits.take([tight, loose], now: now) == .allowed)
        #expect(try await limits.take([tight, loose], now: now + 10) == .allowed)
        #expect(try await limits.take([tight, loose], now: now + 20) == .limited(retryAfter: 40, key: "a"))
        // The refused attempt counted nowhere: "b" has two events, not three.
        #expect(try await limits.take([RateBucket(key: "b", limit: 3, window: 60)], now: now + 20) == .allowed)
        #expect(try await limits.take([tight], now: now + 61) == .allowed)
    }

    @Test("Rate limits hold under concurrency and across store instances of one database")
    func rateLimitsConcurrent() async throws {
        let database = try AppDatabase.temporary()
        let bucket = RateBucket(key: "flood", limit: 5, window: 3600)
        let now = now
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 { group.addTask { try await SQLiteRateLimitStore(database).take([bucket], now: now) == .allowed } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 5)
    }

    @Test("Account requests: queued only within the limits, claimed once per lease, completed")
    func accountRequests() async throws {
        let database = try AppDatabase.temporary()
        let queue = SQLiteAccountRequestQueue(database)
        let email = EmailAddress("ann@example.com")!
        let bucket = [RateBucket(key: "request:recipient:ann@example.com", limit: 2, window: 3600)]
        for index in 0..<2 {
            let request = AccountRequest(kind: .passwordReset, email: email, requestID: "r\(index)", createdAt: now)
            #expect(try await queue.submit(request, buckets: bucket) == .allowed)
        }
        #expect(
            try await queue.submit(AccountRequest(kind: .passwordReset, email: email, requestID: "r2", createdAt: now), buckets: bucket)
                == .limited(retryAfter: 3600, key: "request:recipient:ann@example.com"))
        let claimed = try await queue.claim(limit: 10, leaseUntil: now + 60, now: now)
        #expect(claimed.map(\.requestID) == ["r0", "r1"])
        #expect(try await queue.claim(limit: 10, leaseUntil: now + 60, now: now + 1).isEmpty)
        try await queue.complete(claimed[0].id!, outcome: "done", at: now + 2)
        // After the lease, what was not completed is claimed again (at least once).
        #expect(try await queue.claim(limit: 10, leaseUntil: now + 200, now: now + 61).map(\.requestID) == ["r1"])
    }

    @Test("Login attempts: in-flight attempts make others wait rather than fail; failures start growing delays; devices are their own class")
    func loginAttempts() async throws {
        let database = try AppDatabase.temporary()
        let attempts = SQLiteLoginAttemptStore(database)
        let policy = LoginThrottlePolicy(freeFailures: 2, failuresPerClient: 100, window: 900, baseDelay: 1, maxDelay: 900)
        let first = try await attempts.begin(account: "ann", client: .untrusted, address: "198.51.100.1", policy: policy, now: now)
        let second = try await attempts.begin(account: "ann", client: .untrusted, address: "198.51.100.2", policy: policy, now: now)
        #expect(first.decision == .proceed && second.decision == .proceed)
        // Two in flight could use up the budget of two: a third waits (it is not refused).
        #expect(try await attempts.begin(account: "ann", client: .untrusted, address: "198.51.100.3", policy: policy, now: now).decision == .wait)
        try await attempts.finish(attempt: first.attempt!, failed: true, trustDevice: nil, at: now)
        try await attempts.finish(attempt: second.attempt!, failed: true, trustDevice: nil, at: now)
        // Two failures: the next untrusted attempt waits 1 s after the last, then one at a time, doubling.
        #expect(
            try await attempts.begin(account: "ann", client: .untrusted, address: "x", policy: policy, now: now).decision == .refuse(retryAfter: 1))
        let third = try await attempts.begin(account: "ann", client: .untrusted, address: "x", policy: policy, now: now + 1)
        #expect(third.decision == .proceed)
        #expect(try await attempts.begin(account: "ann", client: .untrusted, address: "x", policy: policy, now: now + 1).decision == .wait)
        try await attempts.finish(attempt: third.attempt!, failed: true, trustDevice: nil, at: now + 1)
        #expect(
            try await attempts.begin(account: "ann", client: .untrusted, address: "x", policy: policy, now: now + 2).decision
                == .refuse(retryAfter: 1))
        // The owner's trusted browser is not slowed by any of it.
        #expect(try await attempts.begin(account: "ann", client: .device("d1"), address: "x", policy: policy, now: now + 2).decision == .proceed)
        // A success only trusts the device it names, for that account.
        let success = try await attempts.begin(account: "bob", client: .untrusted, address: "y", policy: policy, now: now)
        try await attempts.finish(attempt: success.attempt!, failed: false, trustDevice: "d2", at: now)
        #expect(try await attempts.isTrustedDevice(digest: "d2", account: "bob"))
        #expect(try await !attempts.isTrustedDevice(digest: "d2", account: "ann"))
        // A crashed attempt stops counting after its pending lifetime.
        _ = try await attempts.begin(account: "cid", client: .untrusted, address: "z", policy: policy, now: now)
        _ = try await attempts.begin(account: "cid", client: .untrusted, address: "z", policy: policy, now: now)
        #expect(try await attempts.begin(account: "cid", client: .untrusted, address: "z", policy: policy, now: now + 30).decision == .wait)
        #expect(try await attempts.begin(account: "cid", client: .untrusted, address: "z", policy: policy, now: now + 61).decision == .proceed)
    }

    @Test("Untrusted failures from one client address slow that address for every account")
    func clientAddressLimit() async throws {
        let attempts = SQLiteLoginAttemptStore(try AppDatabase.temporary())
        let policy = LoginThrottlePolicy(freeFailures: 100, failuresPerClient: 3)
        for index in 0..<3 {
            let attempt = try await attempts.begin(account: "user\(index)", client: .untrusted, address: "203.0.113.9", policy: policy, now: now)
            try await attempts.finish(attempt: attempt.attempt!, failed: true, trustDevice: nil, at: now)
        }
        #expect(
            try await attempts.begin(account: "fresh", client: .untrusted, address: "203.0.113.9", policy: policy, now: now).decision
                == .refuse(retryAfter: 1))
        #expect(
            try await attempts.begin(account: "fresh", client: .untrusted, address: "203.0.113.10", policy: policy, now: now).decision == .proceed)
        #expect(
            try await attempts.begin(account: "fresh", client: .device("d"), address: "203.0.113.9", policy: policy, now: now).decision == .proceed)
    }
}
