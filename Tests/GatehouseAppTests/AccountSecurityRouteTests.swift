import Foundation
import GatehouseApp
import GatehouseCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The account-security items of issue 9, each as the sequence a real attacker (or an unlucky owner)
/// would go through, over HTTP.
@Suite struct AccountSecurityRouteTests {
    typealias Links = RegistrationRouteTests

    /// Another browser on the same server: its own cookie jar.
    static func otherBrowser(_ browser: TestBrowser) -> TestBrowser {
        TestBrowser(browser.client, origin: browser.origin)
    }

    static func forgot(_ browser: TestBrowser, _ email: String) async throws -> TestResponse {
        try await browser.get("/password/forgot")
        return try await browser.post("/password/forgot", form: [("email", email)])
    }

    static func reset(_ browser: TestBrowser, link: String, password: String) async throws -> TestResponse {
        let page = try await browser.get(link)
        guard page.status == .ok else { return page }
        return try await browser.post("/password/reset", form: [("token", String(link.split(separator: "=").last!)), ("password", password)])
    }

    static func login(_ browser: TestBrowser, _ email: String, _ password: String) async throws -> TestResponse {
        try await browser.get("/login")
        return try await browser.post("/login", form: [("email", email), ("password", password)])
    }

    @Test("1. Pre-account takeover: the confirmation link of a stranger's registration dies once the owner sets a password")
    func preAccountTakeover() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { attacker in
            let victim = Self.otherBrowser(attacker)
            #expect(try await Links.register(attacker, email: "victim@example.com", name: "Mallory").status == .ok)
            let confirmation = try await Links.link(in: gateway, to: "victim@example.com", path: "/register/verify?token=")
            // The victim never registered: "forgot password", a new password, signed in.
            #expect(try await Self.forgot(victim, "victim@example.com").status == .ok)
            let reset = try await Links.link(in: gateway, to: "victim@example.com", path: "/password/reset?token=")
            #expect(try await Self.reset(victim, link: reset, password: "the victim's own password").status == .ok)
            #expect(try await Self.login(victim, "victim@example.com", "the victim's own password").status == .seeOther)
            // Later the old confirmation email is opened (by the victim, or whoever reads it).
            let page = try await victim.get(confirmation)
            #expect(page.status == .badRequest)
            #expect(page.reasonCode == "token.invalid")
            let token = String(confirmation.split(separator: "=").last!)
            let forced = try await attacker.post("/register/verify", form: [("token", token), ("password", "mallory's password!")])
            #expect(forced.reasonCode == "token.invalid")
            #expect(try await Self.login(Self.otherBrowser(victim), "victim@example.com", "the victim's own password").status == .seeOther)
            #expect(try await Self.login(attacker, "victim@example.com", "mallory's password!").status == .unauthorized)
        }
    }

    @Test("1b. An invitation sent before the owner set a password (by registering) no longer works")
    func invitationOutlived() async throws {
        let gateway = try await TestGateway()
        let list = try await gateway.dependencies.lists.createList(named: "Customers", at: gateway.clock.now)
        try await gateway.dependencies.registration.invite(email: EmailAddress("guest@example.com")!, to: list)
        try await gateway.run { browser in
            let invitation = try await Links.link(in: gateway, to: "guest@example.com", path: "/invitation?token=")
            #expect(try await Links.register(browser, email: "guest@example.com").status == .ok)
            let confirmation = try await Links.link(in: gateway, to: "guest@example.com", path: "/register/verify?token=")
            #expect(try await Links.confirm(browser, link: confirmation).status == .ok)
            let page = try await browser.get(invitation)
            #expect(page.status == .badRequest && page.reasonCode == "token.invalid")
            let token = String(invitation.split(separator: "=").last!)
            #expect(
                try await browser.post(
                    "/invitation", form: [("token", token), ("name", "Guest"), ("password", "someone else's password"), ("consent", "yes")]
                ).reasonCode == "token.invalid")
        }
    }

    @Test("2. Using a newer reset link voids the older ones")
    func olderResetLink() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            #expect(try await Self.forgot(browser, "ada@example.com").status == .ok)
            let older = try await Links.link(in: gateway, to: "ada@example.com", path: "/password/reset?token=")
            gateway.clock.advance(by: 5)
            #expect(try await Self.forgot(browser, "ada@example.com").status == .ok)
            let newer = try await Links.link(in: gateway, to: "ada@example.com", path: "/password/reset?token=")
            #expect(older != newer)
            #expect(try await Self.reset(browser, link: newer, password: "a brand new password").status == .ok)
            let stale = try await Self.reset(browser, link: older, password: "an attacker's password")
            #expect(stale.status == .badRequest && stale.reasonCode == "token.invalid")
            #expect(try await Self.login(browser, "ada@example.com", "a brand new password").status == .seeOther)
        }
    }

    @Test("3. A reset ends every session opened before it, and says so")
    func resetEndsSessions() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            let stolen = Self.otherBrowser(browser)
            try await gateway.signIn(stolen, "ada@example.com")
            #expect(try await stolen.get("/tickets").status == .ok)
            #expect(try await Self.forgot(browser, "ada@example.com").status == .ok)
            let link = try await Links.link(in: gateway, to: "ada@example.com", path: "/password/reset?token=")
            let done = try await Self.reset(browser, link: link, password: "a brand new password")
            #expect(done.status == .ok)
            #expect(done.text.contains("was signed out (1)"))
            let after = try await stolen.get("/tickets")
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/login") == true, "the session record is gone: sign in again")
            let audit = try await gateway.dependencies.audit.recent(limit: 20)
            #expect(audit.contains { $0.kind == .security && $0.detail.contains("1 session(s) ended") })
        }
    }

    @Test("A password change from the account page ends the other sessions and keeps (and renews) this one")
    func changePassword() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            let laptop = Self.otherBrowser(browser)
            try await gateway.signIn(laptop, "ada@example.com")
            try await gateway.signIn(browser, "ada@example.com")
            let before = try #require(browser.cookie("gatehouse_session"))
            let form = try await browser.get("/account/password")
            #expect(form.status == .ok && form.text.contains("current_password"))
            let wrong = try await browser.post(
                "/account/password", form: [("current_password", "not my password"), ("password", "a brand new password")])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.reasonCode == "password.current_invalid")
            let done = try await browser.post(
                "/account/password", form: [("current_password", TestGateway.password), ("password", "a brand new password")])
            #expect(done.status == .ok)
            #expect(done.text.contains("was signed out (1)"))
            #expect(browser.cookie("gatehouse_session") != before, "the session key is renewed")
            #expect(try await browser.get("/tickets").status == .ok)
            #expect(try await laptop.get("/tickets").status == .seeOther)
        }
    }

    @Test("5. Mail flood: requests naming one address are refused with 429 and Retry-After, and the mailbox gets at most the cap")
    func mailFlood() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<20 { statuses.append(try await Self.forgot(browser, "ada@example.com").status) }
            for _ in 0..<4 { statuses.append(try await Links.register(browser, email: "ada@example.com").status) }
            #expect(statuses.prefix(5).allSatisfy { $0 == .ok })
            #expect(statuses.dropFirst(5).allSatisfy { $0 == .tooManyRequests })
            let refused = try await Self.forgot(browser, "ada@example.com")
            #expect(refused.reasonCode == "request.rate_limited")
            let retryAfter = try #require(refused.headers[.retryAfter].flatMap(Int.init))
            #expect(retryAfter > 0 && retryAfter <= 3600)
            // A refusal for an unknown address looks the same (the limit counts requests, not accounts).
            for _ in 0..<5 { _ = try await Self.forgot(browser, "ghost@example.com") }
            let ghost = try await Self.forgot(browser, "ghost@example.com")
            #expect(ghost.status == refused.status && ghost.reasonCode == refused.reasonCode)
            try await gateway.deliverAccountEmails()
            let sent = try await gateway.dependencies.outbox.pending().filter { $0.recipient.value == "ada@example.com" }
            #expect(sent.count == 5)
        }
    }

    @Test("5b. One client cannot queue more requests than its hourly share, across addresses")
    func clientLimit() async throws {
        let gateway = try await TestGateway(limits: AccountLimits(requestsPerClient: 3))
        try await gateway.run { browser in
            for index in 0..<3 { #expect(try await Links.register(browser, email: "user\(index)@example.com").status == .ok) }
            let refused = try await Links.register(browser, email: "user9@example.com")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] != nil)
        }
    }

    @Test("6a. Fifty concurrent sign-ins with the right password all succeed")
    func concurrentCorrectLogins() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await Self.login(Self.otherBrowser(browser), "ada@example.com", TestGateway.password).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.count == 50)
            #expect(statuses.allSatisfy { $0 == .seeOther })
        }
    }

    @Test("6b. A stranger's wrong passwords slow strangers (429, Retry-After) but not the owner's browser")
    func strangerLockout() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { owner in
            #expect(try await Self.login(owner, "ada@example.com", TestGateway.password).status == .seeOther)
            let device = try #require(owner.cookie("gatehouse_device"))
            try await owner.get("/tickets")
            #expect(try await owner.post("/logout", form: []).status == .seeOther)
            let stranger = Self.otherBrowser(owner)
            for attempt in 0..<5 {
                #expect(try await Self.login(stranger, "ada@example.com", "guess number \(attempt)").status == .unauthorized)
            }
            let throttled = try await Self.login(stranger, "ada@example.com", TestGateway.password)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.reasonCode == "login.throttled")
            #expect(throttled.headers[.retryAfter] == "1")
            // The owner's browser, which signed in before, is a client class of its own.
            #expect(owner.cookie("gatehouse_device") == device)
            #expect(try await Self.login(owner, "ada@example.com", TestGateway.password).status == .seeOther)
            let audit = try await gateway.dependencies.audit.recent(limit: 50)
            #expect(audit.contains { $0.kind == .security && $0.reasonCode == Reasons.throttled })
        }
    }

    @Test("The CSRF token is renewed at sign-in and at sign-out")
    func csrfRenewed() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            try await browser.get("/login")
            let anonymous = try #require(browser.cookie("gatehouse_csrf"))
            let signedIn = try await browser.post("/login", form: [("email", "ada@example.com"), ("password", TestGateway.password)])
            #expect(signedIn.status == .seeOther)
            let afterSignIn = try #require(browser.cookie("gatehouse_csrf"))
            #expect(afterSignIn != anonymous)
            try await browser.get("/tickets")
            #expect(try await browser.post("/logout", form: []).status == .seeOther)
            let afterSignOut = try #require(browser.cookie("gatehouse_csrf"))
            #expect(afterSignOut != afterSignIn)
            // The token seen before sign-in no longer passes.
            try await gateway.signIn(browser, "ada@example.com")
            try await browser.get("/tickets")
            let stale = try await browser.post("/logout", form: [("csrf_token", anonymous)])
            #expect(stale.status == .forbidden)
        }
    }
}
