import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseTestSupport
import HTTPTypes
import HummingbirdTesting
import Testing

/// What a sign-in costs in durable writes, over HTTP on the in-memory store (each completed
/// `InMemoryStorage.write` stands for one database commit): the closing writes of a sign-in are one
/// `SignInLedger` commit. A change that splits them again (a separate replay entry, audit event or
/// session write) fails here.
@Suite struct SignInCommitRouteTests {
    static let app = JWTApp(
        id: "billing", algorithm: .hs256, key: TestGateway.jwtSecret, issuer: "https://billing.test", audience: TestGateway.baseURL, maxAge: 300,
        addedAt: Date())

    @Test("A JWT sign-in of a known identity is one commit (replay entry, audit event, session, the old session removed)")
    func jwtIsOneCommit() async throws {
        let storage = InMemoryStorage()
        let gateway = try await InMemoryTestGateway(repositories: .inMemory(storage), jwtApps: [Self.app])
        try await gateway.run { browser in
            let first = try TestJWT.token(payload: TestJWT.claims(issuedAt: gateway.clock.now), signer: try await TestJWT.hmac())
            let before = storage.committedWrites
            #expect(try await JWTRouteTests.signIn(browser, first).status == .seeOther)
            // A first sign-in also links the identity to a new contact: its own commit.
            #expect(storage.committedWrites - before == 2)

            let second = try TestJWT.token(payload: TestJWT.claims(issuedAt: gateway.clock.now), signer: try await TestJWT.hmac())
            let oldSession = try #require(browser.cookie("gatehouse_session"))
            let again = storage.committedWrites
            #expect(try await JWTRouteTests.signIn(browser, second).status == .seeOther)
            #expect(storage.committedWrites - again == 1)
            #expect(browser.cookie("gatehouse_session") != oldSession)
            #expect(storage.read { $0.sessions.count } == 1)
            #expect(try await browser.get("/tickets").status == .ok)

            // A replay: the sign-in's commit finds the value recorded and writes nothing (an empty
            // transaction), then the refusal's audit event is written on its own.
            let replayed = storage.committedWrites
            #expect(try await JWTRouteTests.signIn(TestBrowser(browser.client), second).reasonCode == "jwt.replayed")
            #expect(storage.committedWrites - replayed == 2)
            #expect(storage.read { $0.sessions.count } == 1)
        }
        #expect(storage.read { $0.audit.map(\.kind) } == [.login, .login, .rejection])
    }

    @Test("A password sign-in is three commits: the attempt begun (before bcrypt), the attempt finished, then event and session together")
    func passwordIsThreeCommits() async throws {
        let storage = InMemoryStorage()
        let gateway = try await InMemoryTestGateway(repositories: .inMemory(storage))
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            _ = try await browser.get("/login")
            let before = storage.committedWrites
            #expect(try await browser.signIn("ada@example.com").status == .seeOther)
            #expect(storage.committedWrites - before == 3)
            #expect(try await browser.get("/tickets").status == .ok)
        }
    }
}
