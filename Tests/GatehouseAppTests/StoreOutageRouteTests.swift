import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseTestSupport
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing

/// A database outage (a PostgreSQL server that is down) answers a signed-in page with the 503 error page,
/// never a 500 and never the sign-in page: hummingbird-auth's SessionMiddleware swallows the session
/// store's error, and the portal's guard must not mistake it for an expired session. Service resumes with
/// the same session cookie once the store answers again.
@Suite struct StoreOutageRouteTests {
    /// The in-memory session store, failing like an unreachable database while `down` is set.
    final class FlakySessionStore: SessionStore {
        let inner: any SessionStore
        let down = Mutex(false)

        init(_ inner: any SessionStore) { self.inner = inner }

        func check() throws {
            if down.withLock({ $0 }) { throw StoreError.unavailable("test: database down") }
        }

        func set(keyDigest: String, value: Data, expiresAt: Date?, contactID: Contact.ID?) async throws {
            try check()
            try await inner.set(keyDigest: keyDigest, value: value, expiresAt: expiresAt, contactID: contactID)
        }

        func load(keyDigest: String, now: Date) async throws -> LoadedSession? {
            try check()
            return try await inner.load(keyDigest: keyDigest, now: now)
        }

        func remove(keyDigest: String) async throws {
            try check()
            try await inner.remove(keyDigest: keyDigest)
        }

        func purgeExpired(now: Date) async throws -> Int { try await inner.purgeExpired(now: now) }
    }

    @Test("While the session store is down a signed-in page is a 503 with Retry-After, and works again afterwards")
    func outageIsA503() async throws {
        var repositories = Repositories.inMemory()
        let sessions = FlakySessionStore(repositories.sessions)
        repositories.sessions = sessions
        let gateway = try await InMemoryTestGateway(repositories: repositories)
        try await gateway.contact("ada@example.com", name: "Ada Lovelace")
        try await gateway.run { browser in
            #expect(try await browser.signIn("ada@example.com").status == .seeOther)
            #expect(try await browser.get("/tickets").status == .ok)
            sessions.down.withLock { $0 = true }
            let during = try await browser.get("/tickets")
            #expect(during.status == .serviceUnavailable, "got \(during.status) \(during.location ?? "")")
            #expect(during.location == nil)
            #expect(during.headers[.retryAfter] == "5")
            sessions.down.withLock { $0 = false }
            #expect(try await browser.get("/tickets").status == .ok)
        }
    }
}
