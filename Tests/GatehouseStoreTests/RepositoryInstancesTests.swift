import Foundation
import GatehouseCore
import GatehouseStore
import Testing

/// The SQLite repositories keep no state of their own: every instance over one ``AppDatabase`` sees, and
/// decides on, the same rows. The contract suite uses one instance of each repository per store, so these
/// cases live here.
@Suite struct RepositoryInstancesTests {
    let now = Date(timeIntervalSince1970: 1_893_456_000)

    @Test("Replay ledger: what one instance recorded, another refuses")
    func replayLedger() async throws {
        let database = try AppDatabase.temporary()
        func entry(_ namespace: String) -> SignInCommit {
            SignInCommit(replay: SignInCommit.ReplayEntry(namespace: namespace, key: "_a1", until: now + 300))
        }
        #expect(try await SQLiteSignInLedger(database).commit(entry("saml:idp"), now: now) == .committed)
        #expect(try await SQLiteSignInLedger(database).commit(entry("saml:idp"), now: now + 10) == .replayed)
        #expect(try await SQLiteSignInLedger(database).commit(entry("jwt:app"), now: now) == .committed)
    }

    @Test("Rate limits hold under concurrency and across store instances of one database")
    func rateLimits() async throws {
        let database = try AppDatabase.temporary()
        let bucket = RateBucket(key: "flood", limit: 5, window: 3600)
        let now = now
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 { group.addTask { try await SQLiteRateLimitStore(database).take([bucket], now: now) == .allowed } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 5)
    }
}
