import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct LoginRouteTests {
    @Test("GET /login: the form, a CSRF cookie, one button per IdP with a redirect, the register link")
    func loginPage() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let page = try await browser.get("/login?return_to=/tickets%3Fx%3D1")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let cookie = try #require(page.setCookieHeader(named: "gatehouse_csrf"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            #expect(page.text.contains("name=\"csrf_token\" value=\"\(browser.cookie("gatehouse_csrf")!)\""))
            #expect(page.text.contains("href=\"/saml/login?idp=test&amp;return_to=/tickets%3Fx%3D1\""))
            #expect(page.text.contains("Sign in with Partner IdP"))
            #expect(page.text.contains("href=\"/register\""))
        }
    }

    @Test("No register link when self-registration is off")
    func noRegisterLink() async throws {
        let gateway = try await TestGateway(selfRegistration: false)
        try await gateway.run { browser in
            let page = try await browser.get("/login")
            #expect(!page.text.contains("href=\"/register\""))
        }
    }

    @Test("Password sign-in: 303 to return_to with a session cookie; /tickets then shows the contact")
    func signIn() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com", name: "Ada Lovelace")
        try await gateway.run { browser in
            try await browser.get("/login")
            let response = try await browser.post(
                "/login", form: [("email", "Ada@Example.com"), ("password", TestGateway.password), ("return_to", "/tickets?tab=open")])
            #expect(response.status == .seeOther)
            #expect(response.location == "/tickets?tab=open")
            let cookie = try #require(response.setCookieHeader(named: "gatehouse_session"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))
            // 256-bit id: 32 bytes in base64.
            #expect(Data(base64Encoded: browser.cookie("gatehouse_session") ?? "")?.count == 32)
            let tickets = try await browser.get("/tickets")
            #expect(tickets.status == .ok)
            #expect(tickets.text.contains("Ada Lovelace") && tickets.text.contains("ada@example.com"))
            #expect(tickets.text.contains("action=\"/logout\""))
            // Signed in: /login goes straight on.
            #expect(try await browser.get("/login").location == "/tickets")
        }
    }

    @Test("Wrong password and unknown email are the same refusal", arguments: ["ada@example.com", "nobody@example.com"])
    func invalidCredentials(email: String) async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            try await browser.get("/login")
            let response = try await browser.post("/login", form: [("email", email), ("password", "wrong password!")])
            #expect(response.status == .unauthorized)
            #expect(response.reasonCode == "login.invalid_credentials")
            #expect(response.setCookieHeader(named: "gatehouse_session") == nil)
            #expect(response.text.contains("value=\"\(email)\""))
            let events = try await gateway.dependencies.audit.recent(limit: 5)
            #expect(events.first?.reasonCode == "login.invalid_credentials")
        }
    }

    @Test("Five failures lock the account out: login.throttled (429), even with the right password")
    func throttled() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            try await browser.get("/login")
            for _ in 0..<5 {
                #expect(
                    try await browser.post("/login", form: [("email", "ada@example.com"), ("password", "wrong password!")]).status == .unauthorized)
            }
            let locked = try await browser.post("/login", form: [("email", "ada@example.com"), ("password", TestGateway.password)])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.reasonCode == "login.throttled")
        }
    }

    @Test("An unverified account cannot sign in: login.email_unverified")
    func unverified() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("new@example.com", verified: false)
        try await gateway.run { browser in
            try await browser.get("/login")
            let response = try await browser.post("/login", form: [("email", "new@example.com"), ("password", TestGateway.password)])
            #expect(response.status == .unauthorized)
            #expect(response.reasonCode == "login.email_unverified")
        }
    }

    @Test("Audience rule: outsiders get the refusal page without a session; list members and portal admins enter")
    func audience() async throws {
        let gateway = try await TestGateway(audience: [.password: .lists(["Customers"])])
        try await gateway.contact("outsider@example.com")
        try await gateway.contact("member@example.com", lists: ["customers"])
        try await gateway.contact("admin@example.com", admin: true)
        try await gateway.run { browser in
            try await browser.get("/login")
            let refused = try await browser.post("/login", form: [("email", "outsider@example.com"), ("password", TestGateway.password)])
            #expect(refused.status == .forbidden)
            #expect(refused.reasonCode == "access.not_in_audience")
            #expect(refused.text.contains("You don&#39;t have access to this portal"))
            #expect(refused.text.contains("class=\"request-id\""))
            #expect(refused.setCookieHeader(named: "gatehouse_session") == nil)
            for email in ["member@example.com", "admin@example.com"] {
                let admitted = try await browser.post("/login", form: [("email", email), ("password", TestGateway.password)])
                #expect(admitted.status == .seeOther, "\(email)")
            }
        }
    }

    @Test(
        "return_to is only ever a local path",
        arguments: ["//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "/ok\r\nSet-Cookie:x"])
    func openRedirect(returnTo: String) async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            try await browser.get("/login")
            let response = try await browser.post(
                "/login", form: [("email", "ada@example.com"), ("password", TestGateway.password), ("return_to", returnTo)])
            #expect(response.location == "/tickets")
        }
    }

    @Test("Logout clears the session on the server: the old cookie no longer opens /tickets")
    func logout() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            try await browser.get("/login")
            try await browser.post("/login", form: [("email", "ada@example.com"), ("password", TestGateway.password)])
            let stolen = try #require(browser.cookie("gatehouse_session"))
            let out = try await browser.post("/logout", form: [])
            #expect(out.status == .seeOther)
            #expect(out.location == "/login?signed_out=1")
            // One session cookie, emptied and expired in the past (not "now", to the second, with the id kept),
            // so a page opened right after never sends it and never says "your session has expired".
            let sessionCookies = out.headers[values: .setCookie].filter { $0.hasPrefix("gatehouse_session=") }
            #expect(sessionCookies.count == 1)
            let cookie = try #require(sessionCookies.first)
            #expect(
                cookie.hasPrefix("gatehouse_session=;") && cookie.contains("Max-Age=0") && cookie.contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT"))
            #expect(cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
            let next = try await browser.get("/tickets")
            #expect(next.location == "/login?return_to=%2Ftickets")
            #expect(browser.cookie("gatehouse_session") == nil)
            browser.setCookie("gatehouse_session", stolen)
            #expect(try await browser.get("/tickets").status == .seeOther)
        }
    }
}
