import Foundation
import SAML
import Testing

@Suite struct InMemoryAssertionReplayCacheTests {
    let now = Date(timeIntervalSince1970: 1_893_456_000)

    @Test("An assertion is accepted once until it expires")
    func once() throws {
        let cache = InMemoryAssertionReplayCache()
        let until = now.addingTimeInterval(300)
        #expect(try cache.markUsed(assertionID: "_a", issuer: "idp", until: until, now: now))
        #expect(try !cache.markUsed(assertionID: "_a", issuer: "idp", until: until, now: now.addingTimeInterval(299)))
        // After expiry the assertion itself is invalid anyway; the entry may be reused.
        #expect(try cache.markUsed(assertionID: "_a", issuer: "idp", until: until.addingTimeInterval(600), now: until))
    }

    @Test("Entries are keyed by issuer and ID")
    func keyedByIssuer() throws {
        let cache = InMemoryAssertionReplayCache()
        #expect(try cache.markUsed(assertionID: "_a", issuer: "idp-1", until: now.addingTimeInterval(60), now: now))
        #expect(try cache.markUsed(assertionID: "_a", issuer: "idp-2", until: now.addingTimeInterval(60), now: now))
        #expect(cache.count(now: now) == 2)
    }

    @Test("When full of live entries it refuses rather than forgets")
    func capacity() throws {
        let cache = InMemoryAssertionReplayCache(capacity: 2)
        #expect(try cache.markUsed(assertionID: "_1", issuer: "idp", until: now.addingTimeInterval(60), now: now))
        #expect(try cache.markUsed(assertionID: "_2", issuer: "idp", until: now.addingTimeInterval(60), now: now))
        #expect(throws: InMemoryAssertionReplayCache.Full.self) {
            try cache.markUsed(assertionID: "_3", issuer: "idp", until: now.addingTimeInterval(60), now: now)
        }
        // Expired entries make room.
        #expect(try cache.markUsed(assertionID: "_3", issuer: "idp", until: now.addingTimeInterval(200), now: now.addingTimeInterval(61)))
    }

    @Test("A cache that cannot record fails the login")
    func unavailable() throws {
        var login = try TestLogin()
        login.replayCache = InMemoryAssertionReplayCache(capacity: 0)
        #expect(login.refusal(try login.mint(signing: .assertion)) == .replayCacheUnavailable)
    }

    @Test("Concurrent use from many tasks records each assertion exactly once")
    func concurrent() async throws {
        let cache = InMemoryAssertionReplayCache()
        let now = self.now
        let accepted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 {
                group.addTask { (try? cache.markUsed(assertionID: "_same", issuer: "idp", until: now.addingTimeInterval(60), now: now)) ?? false }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(accepted == 1)
    }
}
