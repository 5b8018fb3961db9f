import Foundation
import GatehouseCore
import Testing

@Suite struct ReplayLedgerContractTests {
    let now = contractNow

    @Test("A key is recorded once per namespace until it expires, then may be recorded again", arguments: StoreKind.testedKinds)
    func onceUntilExpiry(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories throws in
            let ledger = repositories.replayLedger
            #expect(try await ledger.record(namespace: "saml:https://idp", key: "_a1", until: now + 300, now: now))
            #expect(try await !ledger.record(namespace: "saml:https://idp", key: "_a1", until: now + 300, now: now + 10))
            #expect(try await !ledger.record(namespace: "saml:https://idp", key: "_a1", until: now + 900, now: now + 299))
            #expect(try await ledger.record(namespace: "jwt:helpdesk", key: "_a1", until: now + 300, now: now))
            #expect(try await ledger.record(namespace: "saml:https://idp", key: "_A1", until: now + 300, now: now))
            // At its expiry the entry is spent: the key may be used again, under a new expiry.
            #expect(try await ledger.record(namespace: "saml:https://idp", key: "_a1", until: now + 900, now: now + 300))
            #expect(try await !ledger.record(namespace: "saml:https://idp", key: "_a1", until: now + 900, now: now + 899))
            #expect(try await ledger.record(namespace: "saml:https://idp", key: "_a1", until: now + 2000, now: now + 1000))
        }
    }

    @Test("Twenty concurrent records of one key: exactly one is true", arguments: StoreKind.testedKinds)
    func recordUnderConcurrency(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let now = now
            let recorded = try await concurrently(20) { _ in
                try await repositories.replayLedger.record(namespace: "saml:https://idp", key: "_race", until: now + 300, now: now)
            }
            #expect(recorded.filter { $0 }.count == 1)
        }
    }

    @Test("Twenty concurrent records of one expired key: exactly one is true", arguments: StoreKind.testedKinds)
    func reuseUnderConcurrency(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let now = now
            #expect(try await repositories.replayLedger.record(namespace: "jwt:app", key: "jti-1", until: now + 60, now: now))
            let recorded = try await concurrently(20) { _ in
                try await repositories.replayLedger.record(namespace: "jwt:app", key: "jti-1", until: now + 600, now: now + 60)
            }
            #expect(recorded.filter { $0 }.count == 1)
        }
    }
}
