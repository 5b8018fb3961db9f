import Foundation
import GatehouseCore
import GatehouseStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatehouseApp

@Suite struct FormProtectionTests {
    @Test("A form post without the CSRF token, or with another one, is refused: csrf.token_mismatch")
    func csrfToken() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            try await browser.get("/login")
            let missing = try await browser.post("/login", form: [("email", "ada@example.com"), ("password", TestGateway.password)], csrf: false)
            #expect(missing.status == .forbidden)
            #expect(missing.reasonCode == "csrf.token_mismatch")
            let forged = try await browser.post(
                "/login", form: [("email", "ada@example.com"), ("password", TestGateway.password), ("csrf_token", String(repeating: "A", count: 43))])
            #expect(forged.reasonCode == "csrf.token_mismatch")
            // Duplicated fields are treated as absent.
            let token = try #require(browser.cookie("gatehouse_csrf"))
            let doubled = try await browser.post(
                "/login", form: [("csrf_token", token), ("csrf_token", token), ("email", "ada@example.com"), ("password", TestGateway.password)])
            #expect(doubled.reasonCode == "csrf.token_mismatch")
            // Without the cookie, a correct-looking field does not help.
            browser.setCookie("gatehouse_csrf", nil)
            #expect(try await browser.post("/login", form: [("csrf_token", token)], csrf: false).reasonCode == "csrf.token_mismatch")
        }
    }

    @Test("A post from another origin is refused: csrf.origin_mismatch", arguments: ["Origin", "Referer"])
    func foreignOrigin(header: String) async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            try await browser.get("/login")
            let headers: HTTPFields = [HTTPField.Name(header)!: header == "Origin" ? "https://evil.example" : "https://evil.example/page"]
            let response = try await browser.post("/logout", form: [], headers: headers, origin: header == "Origin")
            #expect(response.status == .forbidden)
            #expect(response.reasonCode == "csrf.origin_mismatch")
        }
    }

    @Test("Only url-encoded forms within 160 KiB: request.invalid and request.too_large")
    func bodyRules() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            try await browser.get("/login")
            let json = try await browser.post("/login", form: [("email", "x")], headers: [.contentType: "application/json"])
            #expect(json.status == .badRequest)
            #expect(json.reasonCode == "request.invalid")
            let large = try await browser.post("/login", form: [("email", String(repeating: "a", count: 170_000))])
            #expect(large.status == .contentTooLarge)
            #expect(large.reasonCode == "request.too_large")
        }
    }

    @Test("Every response carries the security headers; HSTS only on https")
    func securityHeaders() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            for path in ["/login", "/nowhere", "/healthz"] {
                let response = try await browser.get(path)
                let csp = try #require(response.headers[.contentSecurityPolicy])
                #expect(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
                #expect(response.headers[.strictTransportSecurity] == nil)
            }
        }
        let secure = try await TestGateway(baseURL: "https://support.example.com")
        try await secure.run { browser in
            let response = try await browser.get("/login")
            #expect(response.headers[.strictTransportSecurity] == "max-age=31536000")
            let cookie = try #require(response.setCookieHeader(named: "__Host-gatehouse_csrf"))
            #expect(cookie.contains("Secure") && cookie.contains("Path=/"))
        }
    }

    @Test("On https the session cookie is __Host- prefixed and Secure")
    func secureSessionCookie() async throws {
        let gateway = try await TestGateway(baseURL: "https://support.example.com")
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            try await browser.get("/login")
            let response = try await browser.post("/login", form: [("email", "ada@example.com"), ("password", TestGateway.password)])
            let cookie = try #require(response.setCookieHeader(named: "__Host-gatehouse_session"))
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
        }
    }
}

@Suite struct ClientAddressTests {
    @Test("X-Forwarded-For is read only from trusted proxies, right to left")
    func forwardedFor() {
        let trusted: Set<String> = ["10.0.0.2", "10.0.0.3"]
        #expect(PageMiddleware.clientAddress(peer: "198.51.100.7", forwardedFor: ["203.0.113.9"], trusted: trusted) == "198.51.100.7")
        #expect(PageMiddleware.clientAddress(peer: "10.0.0.2", forwardedFor: ["203.0.113.9"], trusted: trusted) == "203.0.113.9")
        #expect(PageMiddleware.clientAddress(peer: "10.0.0.2", forwardedFor: ["1.2.3.4, 203.0.113.9, 10.0.0.3"], trusted: trusted) == "203.0.113.9")
        #expect(PageMiddleware.clientAddress(peer: "10.0.0.2", forwardedFor: ["1.2.3.4", "203.0.113.9"], trusted: trusted) == "203.0.113.9")
        #expect(PageMiddleware.clientAddress(peer: "10.0.0.2", forwardedFor: [], trusted: trusted) == "10.0.0.2")
    }
}
