import Foundation
import GatehouseCore
import Testing

@Suite struct RateLimitStoreContractTests {
    let now = contractNow

    @Test("Every bucket is checked before any is counted; the wait is until the oldest needed event leaves", arguments: StoreKind.testedKinds)
    func buckets(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories throws in
            let limits = repositories.rateLimits
            let tight = RateBucket(key: "a", limit: 2, window: 60)
            let loose = RateBucket(key: "b", limit: 10, window: 60)
            #expect(try await limits.take([tight, loose], now: now) == .allowed)
            #expect(try await limits.take([tight, loose], now: now + 10) == .allowed)
            #expect(try await limits.take([tight, loose], now: now + 20) == .limited(retryAfter: 40, key: "a"))
            // The refused attempt counted nowhere: "b" has two events, not three.
            #expect(try await limits.take([RateBucket(key: "b", limit: 3, window: 60)], now: now + 20) == .allowed)
            #expect(try await limits.take([RateBucket(key: "b", limit: 3, window: 60)], now: now + 20) == .limited(retryAfter: 40, key: "b"))
            // The event at `now` leaves the window at now + 60.
            #expect(try await limits.take([tight], now: now + 59) == .limited(retryAfter: 1, key: "a"))
            #expect(try await limits.take([tight], now: now + 60) == .allowed)
            #expect(try await limits.take([], now: now) == .allowed)
        }
    }

    @Test("The longest wait among the full buckets is reported, with its key", arguments: StoreKind.testedKinds)
    func longestWait(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories throws in
            let limits = repositories.rateLimits
            let minute = RateBucket(key: "request:client:192.0.2.7", limit: 1, window: 60)
            let hour = RateBucket(key: "request:recipient:ann@example.com", limit: 1, window: 3600)
            #expect(try await limits.take([minute, hour], now: now) == .allowed)
            #expect(try await limits.take([minute, hour], now: now + 30) == .limited(retryAfter: 3570, key: hour.key))
            #expect(try await limits.take([minute], now: now + 30) == .limited(retryAfter: 30, key: minute.key))
            #expect(try await limits.take([RateBucket(key: "other", limit: 1, window: 60)], now: now + 30) == .allowed)
        }
    }

    @Test("Forty concurrent takes never exceed the limit", arguments: StoreKind.testedKinds)
    func concurrentTakes(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let now = now
            let flood = RateBucket(key: "flood", limit: 5, window: 3600)
            let shared = RateBucket(key: "shared", limit: 8, window: 3600)
            let decisions = try await concurrently(40) { index in
                try await repositories.rateLimits.take(index.isMultiple(of: 2) ? [flood, shared] : [shared, flood], now: now)
            }
            #expect(decisions.filter { $0 == .allowed }.count == 5)
            #expect(try await repositories.rateLimits.take([shared], now: now) == .allowed)
            #expect(try await repositories.rateLimits.take([shared], now: now) == .allowed)
            #expect(try await repositories.rateLimits.take([shared], now: now) == .allowed)
            #expect(try await repositories.rateLimits.take([shared], now: now) == .limited(retryAfter: 3600, key: "shared"))
        }
    }
}
