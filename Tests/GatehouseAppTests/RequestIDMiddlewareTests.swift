import Foundation
import GatehouseCore
import GatehouseStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatehouseApp

@Suite struct RequestIDMiddlewareTests {
    static let header = HTTPField.Name("X-Request-ID")!
    static let trusted: Set<String> = ["10.0.0.2", "::1"]

    @Test("A proxy's X-Request-ID is taken only from a trusted peer and only when well-formed")
    func decision() {
        #expect(RequestIDMiddleware.forwardedID("lb-7f3a:01.x_y", peer: "10.0.0.2", trusted: Self.trusted) == "lb-7f3a:01.x_y")
        #expect(RequestIDMiddleware.forwardedID("abc", peer: "::1", trusted: Self.trusted) == "abc")
        #expect(RequestIDMiddleware.forwardedID(String(repeating: "a", count: 128), peer: "10.0.0.2", trusted: Self.trusted) != nil)
        // Untrusted peers, including one claiming to be the proxy through X-Forwarded-For, and no peer at all.
        #expect(RequestIDMiddleware.forwardedID("abc", peer: "198.51.100.7", trusted: Self.trusted) == nil)
        #expect(RequestIDMiddleware.forwardedID("abc", peer: "unknown", trusted: Self.trusted) == nil)
        #expect(RequestIDMiddleware.forwardedID("abc", peer: "10.0.0.2", trusted: []) == nil)
        // Malformed values are ignored.
        for bad in ["", String(repeating: "a", count: 129), "a b", "a,b", "a/b", "a\"b", "a\nb", "<script>", "ä", "a;b", "a=b"] {
            #expect(RequestIDMiddleware.forwardedID(bad, peer: "10.0.0.2", trusted: Self.trusted) == nil, "\(bad.debugDescription)")
        }
        #expect(RequestIDMiddleware.forwardedID(nil, peer: "10.0.0.2", trusted: Self.trusted) == nil)
    }

    @Test("Every response echoes the request id, the one refusal pages and API errors show; a client's own is ignored")
    func echoedAndIgnoredFromClients() async throws {
        // The router transport has no peer address: it is never a trusted proxy.
        let gateway = try await TestGateway(server: .init(trustedProxies: ["10.0.0.2"]))
        try await gateway.run { browser in
            let health = try await browser.get("/healthz", headers: [Self.header: "chosen-by-client"])
            let id = try #require(health.headers[Self.header])
            #expect(!id.isEmpty && id != "chosen-by-client")
            let missing = try await browser.get("/no/such/page", headers: [Self.header: "chosen-by-client"])
            #expect(missing.status == .notFound)
            let missingID = try #require(missing.headers[Self.header])
            #expect(missingID != id && missing.text.contains("<code class=\"request-id\">\(missingID)</code>"))
            let api = try await browser.get("/api/v1/tickets")
            #expect(api.status == .unauthorized)
            let apiID = try #require(api.headers[Self.header])
            #expect(api.text.contains("\"request_id\":\"\(apiID)\""))
        }
    }

    @Test("Over TCP from a trusted proxy its X-Request-ID is the id of pages, API errors, audit events; a malformed one is not")
    func fromTrustedProxy() async throws {
        try await Self.live(trustedProxies: ["127.0.0.1"]) { gateway, browser in
            let missing = try await browser.get("/no/such/page", headers: [Self.header: "lb-0001:page"])
            #expect(missing.headers[Self.header] == "lb-0001:page")
            #expect(missing.text.contains("<code class=\"request-id\">lb-0001:page</code>"))
            let api = try await browser.get("/api/v1/tickets", headers: [Self.header: "lb-0002.api"])
            #expect(api.headers[Self.header] == "lb-0002.api" && api.text.contains("\"request_id\":\"lb-0002.api\""))
            try await browser.get("/login")
            let failed = try await browser.post(
                "/login", form: [("email", "nobody@example.com"), ("password", "wrong password!")], headers: [Self.header: "lb-0003_audit"])
            #expect(failed.headers[Self.header] == "lb-0003_audit")
            let audited = try await gateway.dependencies.audit.recent(limit: 100).compactMap(\.requestID)
            #expect(audited.contains("lb-0003_audit"), "\(audited)")
            let malformed = try await browser.get("/healthz", headers: [Self.header: "has space"])
            #expect(malformed.headers[Self.header].map { !$0.isEmpty && $0 != "has space" } == true)
        }
    }

    @Test("Over TCP from a peer that is not a trusted proxy the header is ignored")
    func fromUntrustedPeer() async throws {
        try await Self.live(trustedProxies: ["10.0.0.2"]) { _, browser in
            let response = try await browser.get("/healthz", headers: [Self.header: "lb-0004"])
            #expect(response.headers[Self.header].map { !$0.isEmpty && $0 != "lb-0004" } == true)
        }
    }

    /// The gateway on a real socket (127.0.0.1, a free port), so the peer address is known.
    static func live(trustedProxies: [String], _ test: @escaping @Sendable (TestGateway, TestBrowser) async throws -> Void) async throws {
        let gateway = try await TestGateway(server: .init(host: "127.0.0.1", port: 0, trustedProxies: trustedProxies))
        let application = try await buildApplication(gateway.dependencies)
        try await application.test(.live) { client in
            try await test(gateway, TestBrowser(client, origin: gateway.dependencies.configuration.portal.baseURL.origin))
        }
    }
}
