import Foundation
import GatehouseCore
import Testing

@Suite struct AccountRequestQueueContractTests {
    let now = contractNow
    let email = EmailAddress("ann@example.com")!

    @Test("Requests are queued only within the limits and claimed with every field, oldest first", arguments: StoreKind.testedKinds)
    func submitAndClaim(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let queue = repositories.accountRequests
            let bucket = [RateBucket(key: "request:recipient:ann@example.com", limit: 2, window: 3600)]
            let registration = AccountRequest(
                kind: .registration, email: email, name: "Ann Ärger", consentVersion: "sha256:v1", consentAccepted: true, requestID: "r0",
                createdAt: now, language: "fi")
            let reset = AccountRequest(kind: .passwordReset, email: email, requestID: "r1", createdAt: now + 1)
            #expect(try await queue.submit(registration, buckets: bucket) == .allowed)
            #expect(try await queue.submit(reset, buckets: bucket) == .allowed)
            #expect(
                try await queue.submit(AccountRequest(kind: .passwordReset, email: email, requestID: "r2", createdAt: now + 2), buckets: bucket)
                    == .limited(retryAfter: 3598, key: "request:recipient:ann@example.com"))
            // The limits are the rate-limit store's: the two queued requests used them up there too.
            #expect(try await repositories.rateLimits.take(bucket, now: now + 2) == .limited(retryAfter: 3598, key: bucket[0].key))
            let claimed = try await queue.claim(limit: 10, leaseUntil: now + 60, now: now + 2)
            #expect(claimed.count == 2)
            var expected = [registration, reset]
            for index in expected.indices { expected[index].id = claimed[index].id }
            #expect(claimed == expected)
            #expect(claimed[0].id != nil && claimed[0].id! < claimed[1].id!)
        }
    }

    @Test("A claim leases requests until the lease runs out; completed ones are never claimed again", arguments: StoreKind.testedKinds)
    func leases(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let queue = repositories.accountRequests
            for index in 0..<3 {
                #expect(
                    try await queue.submit(AccountRequest(kind: .passwordReset, email: email, requestID: "r\(index)", createdAt: now), buckets: [])
                        == .allowed)
            }
            #expect(try await queue.claim(limit: 2, leaseUntil: now + 60, now: now).map(\.requestID) == ["r0", "r1"])
            #expect(try await queue.claim(limit: 2, leaseUntil: now + 60, now: now + 1).map(\.requestID) == ["r2"])
            #expect(try await queue.claim(limit: 10, leaseUntil: now + 60, now: now + 59).isEmpty)
            let r0 = try #require(try await queue.claim(limit: 1, leaseUntil: now + 120, now: now + 60).first)
            #expect(r0.requestID == "r0")
            try await queue.complete(r0.id!, outcome: "reset: link sent", at: now + 61)
            // After the lease, what was not completed is claimed again (at least once).
            #expect(try await queue.claim(limit: 10, leaseUntil: now + 200, now: now + 121).map(\.requestID) == ["r1", "r2"])
            #expect(try await queue.claim(limit: 10, leaseUntil: now + 200, now: now + 199).isEmpty)
            #expect(try await queue.claim(limit: 0, leaseUntil: now + 300, now: now + 200).isEmpty)
            #expect(try await queue.claim(limit: 10, leaseUntil: now + 300, now: now + 200).map(\.requestID) == ["r1", "r2"])
        }
    }

    @Test("Several workers claiming at once never get one request twice, and together get them all", arguments: StoreKind.testedKinds)
    func concurrentClaims(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let queue = repositories.accountRequests
            for index in 0..<30 {
                _ = try await queue.submit(AccountRequest(kind: .registration, email: email, requestID: "r\(index)", createdAt: now), buckets: [])
            }
            let now = now
            let batches = try await concurrently(6) { _ in
                var mine: [String] = []
                while true {
                    let batch = try await repositories.accountRequests.claim(limit: 4, leaseUntil: now + 60, now: now)
                    if batch.isEmpty { return mine }
                    mine += batch.map(\.requestID)
                }
            }
            let all = batches.flatMap { $0 }
            #expect(all.count == 30)
            #expect(Set(all) == Set((0..<30).map { "r\($0)" }))
        }
    }

    @Test("Completing a request that does not exist does nothing", arguments: StoreKind.testedKinds)
    func completeMissing(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            try await repositories.accountRequests.complete(987_654, outcome: "x", at: now)
            #expect(try await repositories.accountRequests.claim(limit: 10, leaseUntil: now + 60, now: now).isEmpty)
        }
    }
}
