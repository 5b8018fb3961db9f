import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SessionRouteTests {
    static func signIn(_ browser: TestBrowser, _ email: String = "ada@example.com") async throws {
        let response = try await browser.signIn(email)
        #expect(response.status == .seeOther)
    }

    @Test("/tickets without a session redirects to /login and comes back afterwards")
    func redirectToLogin() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let response = try await browser.get("/tickets?tab=open")
            #expect(response.status == .seeOther)
            #expect(response.location == "/login?return_to=%2Ftickets%3Ftab%3Dopen")
        }
    }

    @Test("Sign-in issues a new session id and deletes the previous record (session fixation)")
    func rotation() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.contact("bob@example.com")
        try await gateway.run { browser in
            try await Self.signIn(browser, "ada@example.com")
            let first = try #require(browser.cookie("gatehouse_session"))
            try await Self.signIn(browser, "bob@example.com")
            let second = try #require(browser.cookie("gatehouse_session"))
            #expect(first != second)
            browser.setCookie("gatehouse_session", first)
            #expect(try await browser.get("/tickets").status == .seeOther)
            browser.setCookie("gatehouse_session", second)
            #expect(try await browser.get("/tickets").text.contains("bob@example.com"))
        }
    }

    @Test("The database holds session digests, never the ids in the cookies")
    func storedHashed() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            try await Self.signIn(browser)
            let id = try #require(browser.cookie("gatehouse_session"))
            let sessions = gateway.dependencies.sessionStore
            let now = gateway.clock.now
            #expect(try await sessions.load(keyDigest: OneTimeToken.digest(of: "s:" + id), now: now)?.value != nil)
            #expect(try await sessions.load(keyDigest: "s:" + id, now: now)?.value == nil)
            #expect(try await sessions.load(keyDigest: id, now: now)?.value == nil)
            let rows = try await gateway.database.rowCounts()
            #expect(rows["session"] == 1)
        }
    }

    @Test("Idle timeout: a session unused for 30 minutes ends; activity keeps it alive")
    func idleTimeout() async throws {
        let gateway = try await TestGateway(sessions: SessionPolicy(idleTimeout: 1800, absoluteTimeout: 43_200))
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            try await Self.signIn(browser)
            for _ in 0..<4 {
                gateway.clock.advance(by: 1500)
                #expect(try await browser.get("/tickets").status == .ok)
            }
            gateway.clock.advance(by: 1801)
            let expired = try await browser.get("/tickets")
            #expect(expired.status == .seeOther)
            #expect(expired.location?.hasPrefix("/login?return_to=%2Ftickets") == true)
        }
    }

    @Test("Absolute timeout: even an active session ends 12 hours after sign-in, with a notice")
    func absoluteTimeout() async throws {
        let gateway = try await TestGateway(sessions: SessionPolicy(idleTimeout: 3600, absoluteTimeout: 7200))
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            try await Self.signIn(browser)
            gateway.clock.advance(by: 3000)
            #expect(try await browser.get("/tickets").status == .ok)
            gateway.clock.advance(by: 3000)
            #expect(try await browser.get("/tickets").status == .ok)
            gateway.clock.advance(by: 1300)
            let expired = try await browser.get("/tickets")
            #expect(expired.location == "/login?return_to=%2Ftickets&expired=1")
            #expect(try await browser.get(expired.location!).text.contains("Your session has expired"))
        }
    }

    @Test("A session whose contact was deleted no longer opens the portal")
    func deletedContact() async throws {
        // No repository deletes a contact: the rows are removed behind the store's back.
        let storage = InMemoryStorage()
        let gateway = try await InMemoryTestGateway(repositories: .inMemory(storage))
        let contact = try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            try await Self.signIn(browser)
            #expect(try await browser.get("/tickets").status == .ok)
            storage.write { state in
                state.contacts[contact.id] = nil
                state.passwordHashes[contact.id] = nil
            }
            #expect(try await browser.get("/tickets").status == .seeOther)
        }
    }
}
