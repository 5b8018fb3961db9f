import Foundation
import GatehouseCore
import Testing

@Suite struct LoginAttemptStoreContractTests {
    let now = contractNow
    let policy = LoginThrottlePolicy(freeFailures: 2, failuresPerClient: 100, window: 900, baseDelay: 1, maxDelay: 900)

    @Test(
        "In-flight attempts make others wait rather than fail; failures start growing delays; devices are their own class",
        arguments: StoreKind.testedKinds)
    func throttle(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let attempts = repositories.loginAttempts
            let first = try await attempts.begin(account: "ann", client: .untrusted, address: "198.51.100.1", policy: policy, now: now)
            let second = try await attempts.begin(account: "ann", client: .untrusted, address: "198.51.100.2", policy: policy, now: now)
            #expect(first.decision == .proceed && second.decision == .proceed)
            #expect(first.attempt != nil && second.attempt != nil && first.attempt != second.attempt)
            // Two in flight could use up the budget of two: a third waits (it is not refused) and is not recorded.
            let third = try await attempts.begin(account: "ann", client: .untrusted, address: "198.51.100.3", policy: policy, now: now)
            #expect(third.decision == .wait && third.attempt == nil)
            try await attempts.finish(attempt: first.attempt!, failed: true, trustDevice: nil, at: now)
            try await attempts.finish(attempt: second.attempt!, failed: true, trustDevice: nil, at: now)
            // Two failures: the next untrusted attempt waits 1 s after the last, then one at a time, doubling.
            let refused = try await attempts.begin(account: "ann", client: .untrusted, address: "x", policy: policy, now: now)
            #expect(refused.decision == .refuse(retryAfter: 1) && refused.attempt == nil)
            let fourth = try await attempts.begin(account: "ann", client: .untrusted, address: "x", policy: policy, now: now + 1)
            #expect(fourth.decision == .proceed)
            #expect(try await attempts.begin(account: "ann", client: .untrusted, address: "x", policy: policy, now: now + 1).decision == .wait)
            try await attempts.finish(attempt: fourth.attempt!, failed: true, trustDevice: nil, at: now + 1)
            #expect(
                try await attempts.begin(account: "ann", client: .untrusted, address: "x", policy: policy, now: now + 2).decision
                    == .refuse(retryAfter: 1))
            #expect(try await attempts.begin(account: "ann", client: .untrusted, address: "x", policy: policy, now: now + 3).decision == .proceed)
            // The owner's trusted browser is not slowed by any of it; other accounts neither.
            #expect(try await attempts.begin(account: "ann", client: .device("d1"), address: "x", policy: policy, now: now + 2).decision == .proceed)
            #expect(try await attempts.begin(account: "bob", client: .untrusted, address: "x", policy: policy, now: now + 2).decision == .proceed)
        }
    }

    @Test("Failures leave the window; a success is not counted again", arguments: StoreKind.testedKinds)
    func window(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let attempts = repositories.loginAttempts
            // A delay longer than the window: only the window ends it.
            let policy = LoginThrottlePolicy(freeFailures: 2, failuresPerClient: 100, window: 300, baseDelay: 600, maxDelay: 900)
            for _ in 0..<2 {
                let attempt = try await attempts.begin(account: "ann", client: .untrusted, address: "x", policy: policy, now: now)
                try await attempts.finish(attempt: try #require(attempt.attempt), failed: true, trustDevice: nil, at: now)
            }
            #expect(
                try await attempts.begin(account: "ann", client: .untrusted, address: "x", policy: policy, now: now + 299).decision
                    == .refuse(retryAfter: 301))
            #expect(try await attempts.begin(account: "ann", client: .untrusted, address: "x", policy: policy, now: now + 300).decision == .proceed)
            for offset in [1000.0, 1001] {
                let attempt = try await attempts.begin(account: "cy", client: .untrusted, address: "x", policy: policy, now: now + offset)
                try await attempts.finish(attempt: try #require(attempt.attempt), failed: false, trustDevice: nil, at: now + offset)
            }
            #expect(try await attempts.begin(account: "cy", client: .untrusted, address: "x", policy: policy, now: now + 1002).decision == .proceed)
            // Finishing an attempt that does not exist does nothing.
            try await attempts.finish(attempt: 987_654, failed: true, trustDevice: "d", at: now)
            #expect(try await !attempts.isTrustedDevice(digest: "d", account: "ann"))
        }
    }

    @Test("A crashed attempt stops counting after its pending lifetime", arguments: StoreKind.testedKinds)
    func pendingLifetime(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let attempts = repositories.loginAttempts
            _ = try await attempts.begin(account: "cid", client: .untrusted, address: "z", policy: policy, now: now)
            _ = try await attempts.begin(account: "cid", client: .untrusted, address: "z", policy: policy, now: now)
            #expect(try await attempts.begin(account: "cid", client: .untrusted, address: "z", policy: policy, now: now + 30).decision == .wait)
            #expect(try await attempts.begin(account: "cid", client: .untrusted, address: "z", policy: policy, now: now + 59).decision == .wait)
            #expect(try await attempts.begin(account: "cid", client: .untrusted, address: "z", policy: policy, now: now + 61).decision == .proceed)
        }
    }

    @Test("Untrusted failures from one client address slow that address for every account", arguments: StoreKind.testedKinds)
    func clientAddressLimit(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let attempts = repositories.loginAttempts
            let policy = LoginThrottlePolicy(freeFailures: 100, failuresPerClient: 3)
            for index in 0..<3 {
                let attempt = try await attempts.begin(account: "user\(index)", client: .untrusted, address: "203.0.113.9", policy: policy, now: now)
                try await attempts.finish(attempt: attempt.attempt!, failed: true, trustDevice: nil, at: now)
            }
            #expect(
                try await attempts.begin(account: "fresh", client: .untrusted, address: "203.0.113.9", policy: policy, now: now).decision
                    == .refuse(retryAfter: 1))
            #expect(
                try await attempts.begin(account: "fresh", client: .untrusted, address: "203.0.113.10", policy: policy, now: now).decision == .proceed
            )
            #expect(
                try await attempts.begin(account: "fresh", client: .device("d"), address: "203.0.113.9", policy: policy, now: now).decision
                    == .proceed)
        }
    }

    @Test("A success trusts the device it names, for that account; an account keeps its 20 most recent devices", arguments: StoreKind.testedKinds)
    func trustedDevices(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let attempts = repositories.loginAttempts
            let success = try await attempts.begin(account: "bob", client: .untrusted, address: "y", policy: policy, now: now)
            try await attempts.finish(attempt: try #require(success.attempt), failed: false, trustDevice: "d2", at: now)
            #expect(try await attempts.isTrustedDevice(digest: "d2", account: "bob"))
            #expect(try await !attempts.isTrustedDevice(digest: "d2", account: "ann"))
            #expect(try await !attempts.isTrustedDevice(digest: "D2", account: "bob"))
            for index in 0..<20 {
                let attempt = try await attempts.begin(account: "bob", client: .device("d\(index)"), address: "y", policy: policy, now: now + 1)
                try await attempts.finish(
                    attempt: try #require(attempt.attempt), failed: false, trustDevice: "n\(index)", at: now + Double(index + 1))
            }
            #expect(try await !attempts.isTrustedDevice(digest: "d2", account: "bob"))
            for index in 0..<20 { #expect(try await attempts.isTrustedDevice(digest: "n\(index)", account: "bob"), "n\(index)") }
            // Using a device again makes it recent: n0 stays, n1 (now the oldest) goes.
            let again = try await attempts.begin(account: "bob", client: .device("n0"), address: "y", policy: policy, now: now + 30)
            try await attempts.finish(attempt: try #require(again.attempt), failed: false, trustDevice: "n0", at: now + 30)
            let newest = try await attempts.begin(account: "bob", client: .untrusted, address: "y", policy: policy, now: now + 31)
            try await attempts.finish(attempt: try #require(newest.attempt), failed: false, trustDevice: "n20", at: now + 31)
            #expect(try await attempts.isTrustedDevice(digest: "n0", account: "bob"))
            #expect(try await !attempts.isTrustedDevice(digest: "n1", account: "bob"))
            #expect(try await attempts.isTrustedDevice(digest: "n20", account: "bob"))
        }
    }

    @Test("Twenty concurrent attempts on one account: exactly the free budget proceeds, the rest wait", arguments: StoreKind.testedKinds)
    func beginUnderConcurrency(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let (now, policy) = (now, LoginThrottlePolicy(freeFailures: 5, failuresPerClient: 100))
            let results = try await concurrently(20) { index in
                try await repositories.loginAttempts.begin(
                    account: "ann", client: .untrusted, address: "198.51.100.\(index)", policy: policy, now: now)
            }
            #expect(results.filter { $0.decision == .proceed }.count == 5)
            #expect(results.filter { $0.decision == .wait }.count == 15)
            #expect(Set(results.compactMap(\.attempt)).count == 5)
        }
    }
}
