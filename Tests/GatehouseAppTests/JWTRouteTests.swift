import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Testing

/// Mints tokens for the tests: claims as JSON text, signed with jwt-kit.
enum TestJWT {
    static func claims(
        email: Any = "jay@example.com", issuer: String = "https://billing.test", audience: Any = TestGateway.baseURL, issuedAt: Date,
        ttl: TimeInterval = 120, jti: String = UUID().uuidString, extra: [String: Any] = [:]
    ) -> String {
        var object: [String: Any] = [
            "iss": issuer, "aud": audience, "email": email, "iat": Int(issuedAt.timeIntervalSince1970),
            "exp": Int(issuedAt.timeIntervalSince1970 + ttl), "jti": jti, "name": "Jay",
        ]
        object.merge(extra) { $1 }
        return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func token(header: String = #"{"alg":"HS256","typ":"JWT"}"#, payload: String, signer: any JWTAlgorithm) throws -> String {
        let input = CompactJWT.base64URLEncode(Array(header.utf8)) + "." + CompactJWT.base64URLEncode(Array(payload.utf8))
        return input + "." + CompactJWT.base64URLEncode(try signer.sign(Array(input.utf8)))
    }

    static func hmac(_ secret: String = TestGateway.jwtSecret) async throws -> any JWTAlgorithm {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.getKey()
    }
}

@Suite struct JWTRouteTests {
    static func signIn(_ browser: TestBrowser, _ token: String, returnTo: String = "/tickets") async throws -> TestResponse {
        try await browser.get("/sso/jwt?jwt=\(token)&return_to=\(returnTo.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
    }

    @Test("A valid HS256 token signs in once; its jti cannot be used again (jwt.replayed)")
    func validAndReplay() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let token = try TestJWT.token(payload: TestJWT.claims(issuedAt: gateway.clock.now), signer: try await TestJWT.hmac())
            let response = try await Self.signIn(browser, token, returnTo: "/tickets?x=1")
            #expect(response.status == .seeOther)
            #expect(response.location == "/tickets?x=1")
            #expect(try await browser.get("/tickets").text.contains("jay@example.com"))
            let again = try await Self.signIn(TestBrowser(browser.client), token)
            #expect(again.status == .forbidden)
            #expect(again.reasonCode == "jwt.replayed")
        }
    }

    @Test("POST /sso/jwt (jwt and return_to form fields) signs in like the GET, from another site, with no CSRF token; one ledger for both")
    func byPost() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let now = gateway.clock.now
            let token = try TestJWT.token(payload: TestJWT.claims(issuedAt: now), signer: try await TestJWT.hmac())
            let posted = try await browser.post(
                "/sso/jwt", form: [("jwt", token), ("return_to", "/tickets?from=app")], headers: [.origin: "https://billing.test"], csrf: false)
            #expect(posted.status == .seeOther && posted.location == "/tickets?from=app")
            #expect(try await browser.get("/tickets").text.contains("jay@example.com"))
            // The same jti by GET afterwards, or by POST again: refused.
            #expect(try await Self.signIn(TestBrowser(browser.client), token).reasonCode == "jwt.replayed")
            let again = try await TestBrowser(browser.client).post("/sso/jwt", form: [("jwt", token)], csrf: false, origin: false)
            #expect(again.status == .forbidden && again.reasonCode == "jwt.replayed")
            // A GET's token cannot be posted again either; refusals carry the same codes; an outside return_to is ignored.
            let viaGet = try TestJWT.token(payload: TestJWT.claims(issuedAt: now), signer: try await TestJWT.hmac())
            #expect(try await Self.signIn(TestBrowser(browser.client), viaGet).status == .seeOther)
            #expect(try await TestBrowser(browser.client).post("/sso/jwt", form: [("jwt", viaGet)], csrf: false).reasonCode == "jwt.replayed")
            let fresh = try TestJWT.token(payload: TestJWT.claims(issuedAt: now), signer: try await TestJWT.hmac())
            let outside = try await TestBrowser(browser.client).post(
                "/sso/jwt", form: [("jwt", fresh), ("return_to", "https://evil.example/")], csrf: false)
            #expect(outside.status == .seeOther && outside.location == "/tickets")
            #expect(try await TestBrowser(browser.client).post("/sso/jwt", form: [("jwt", "not.a-token")], csrf: false).reasonCode == "jwt.malformed")
            #expect(try await TestBrowser(browser.client).post("/sso/jwt", form: [], csrf: false).reasonCode == "jwt.malformed")
            var json = HTTPFields()
            json[.contentType] = "application/json"
            let notForm = try await TestBrowser(browser.client).post("/sso/jwt", form: [("jwt", fresh)], headers: json, csrf: false)
            #expect(notForm.status == .badRequest && notForm.reasonCode == "request.invalid")
        }
    }

    @Test("Every refusal has its jwt. reason code")
    func refusals() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let now = gateway.clock.now
            let hmac = try await TestJWT.hmac()
            func code(_ token: String) async throws -> String? {
                let response = try await Self.signIn(browser, token)
                #expect(response.status != .seeOther)
                return response.reasonCode
            }
            #expect(try await code("not.a-token") == "jwt.malformed")
            #expect(try await code(String(repeating: "a", count: 9000)) == "jwt.too_large")
            #expect(
                try await code(
                    try TestJWT.token(payload: TestJWT.claims(issuedAt: now), signer: try await TestJWT.hmac("another-secret-of-32-bytes-or-more!!")))
                    == "jwt.signature_invalid")
            #expect(
                try await code(try TestJWT.token(header: #"{"alg":"none"}"#, payload: TestJWT.claims(issuedAt: now), signer: hmac))
                    == "jwt.algorithm_not_allowed")
            #expect(
                try await code(try TestJWT.token(header: #"{"alg":"RS256"}"#, payload: TestJWT.claims(issuedAt: now), signer: hmac))
                    == "jwt.algorithm_not_allowed")
            #expect(
                try await code(try TestJWT.token(header: #"{"alg":"HS256","kid":"other"}"#, payload: TestJWT.claims(issuedAt: now), signer: hmac))
                    == "jwt.key_unknown")
            #expect(
                try await code(try TestJWT.token(payload: TestJWT.claims(issuer: "https://unknown.test", issuedAt: now), signer: hmac))
                    == "jwt.app_unknown")
            #expect(
                try await code(try TestJWT.token(payload: TestJWT.claims(audience: "https://other.test", issuedAt: now), signer: hmac))
                    == "jwt.audience_mismatch")
            #expect(
                try await code(try TestJWT.token(payload: TestJWT.claims(issuedAt: now.addingTimeInterval(-200), ttl: 100), signer: hmac))
                    == "jwt.expired")
            #expect(
                try await code(try TestJWT.token(payload: TestJWT.claims(issuedAt: now.addingTimeInterval(-400), ttl: 3600), signer: hmac))
                    == "jwt.too_old")
            #expect(
                try await code(try TestJWT.token(payload: TestJWT.claims(issuedAt: now.addingTimeInterval(300)), signer: hmac))
                    == "jwt.not_yet_valid")
            #expect(try await code(try TestJWT.token(payload: TestJWT.claims(email: 42, issuedAt: now), signer: hmac)) == "jwt.claim_invalid")
            let duplicated = TestJWT.claims(issuedAt: now).replacingOccurrences(
                of: #""email":"jay@example.com""#, with: #""email":"jay@example.com","email":"boss@example.com""#)
            #expect(try await code(try TestJWT.token(payload: duplicated, signer: hmac)) == "jwt.duplicate_claim")
            #expect(try await browser.get("/tickets").status == .seeOther)
            let metrics = try await browser.get("/metrics").text
            #expect(metrics.contains("gatehouse_rejections_total{method=\"jwt\",reason=\"jwt.expired\"} 1"))
        }
    }

    @Test("RS256 and ES256 apps: their pinned public keys verify, the kid selects the app")
    func asymmetric() async throws {
        let rsaKey = try Insecure.RSA.PrivateKey(pem: try TestKeys.pem("test-idp-rsa.key.pem"))
        let ecKey = try ES256PrivateKey(pem: try TestKeys.pem("test-idp-ecdsa.key.pem"))
        let apps = [
            JWTApp(
                id: "crm", algorithm: .rs256, key: rsaKey.publicKey.pemRepresentation, issuer: "https://crm.test", audience: TestGateway.baseURL,
                maxAge: 300, addedAt: Date()),
            JWTApp(
                id: "shop", algorithm: .es256, key: ecKey.publicKey.pemRepresentation, issuer: "https://shop.test", audience: TestGateway.baseURL,
                maxAge: 300, addedAt: Date()),
        ]
        let gateway = try await TestGateway(jwtApps: apps)
        try await gateway.run { browser in
            let keys = JWTKeyCollection()
            await keys.add(rsa: rsaKey, digestAlgorithm: .sha256, kid: "crm")
            await keys.add(ecdsa: ecKey, kid: "shop")
            let rsa = try await keys.getKey(for: "crm")
            let ec = try await keys.getKey(for: "shop")
            let now = gateway.clock.now
            let crm = try TestJWT.token(
                header: #"{"alg":"RS256","kid":"crm"}"#, payload: TestJWT.claims(issuer: "https://crm.test", issuedAt: now), signer: rsa)
            #expect(try await Self.signIn(browser, crm).status == .seeOther)
            let shop = try TestJWT.token(header: #"{"alg":"ES256"}"#, payload: TestJWT.claims(issuer: "https://shop.test", issuedAt: now), signer: ec)
            #expect(try await Self.signIn(browser, shop).status == .seeOther)
            // An ES256 token presented as the RS256 app is refused by the pin, not tried with another key.
            let confused = try TestJWT.token(
                header: #"{"alg":"ES256","kid":"crm"}"#, payload: TestJWT.claims(issuer: "https://crm.test", issuedAt: now), signer: ec)
            #expect(try await Self.signIn(browser, confused).reasonCode == "jwt.algorithm_not_allowed")
        }
    }
}
