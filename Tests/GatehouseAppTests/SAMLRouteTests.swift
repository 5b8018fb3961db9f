import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SAML
import Testing

@Suite struct SAMLRouteTests {
    /// Starts an SP-initiated login; returns the AuthnRequest ID (also the RelayState).
    static func startLogin(_ browser: TestBrowser, idp: String = "test", returnTo: String = "/tickets") async throws -> String {
        let response = try await browser.get(
            "/saml/login?idp=\(idp)&return_to=\(returnTo.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        #expect(response.status == .seeOther)
        let location = try #require(response.location)
        let components = try #require(URLComponents(string: location))
        let relayState = try #require(components.queryItems?.first { $0.name == "RelayState" }?.value)
        #expect(components.queryItems?.contains { $0.name == "SAMLRequest" } == true)
        return relayState
    }

    static func post(_ browser: TestBrowser, response: String, relayState: String?) async throws -> HummingbirdTesting.TestResponse {
        var fields = [("SAMLResponse", response)]
        if let relayState { fields.append(("RelayState", relayState)) }
        // The IdP's page posts cross-site: no CSRF field, a foreign Origin.
        return try await browser.post("/saml/acs", form: fields, headers: [.origin: "https://idp.gatehouse.test"], csrf: false)
    }

    @Test("GET /saml/metadata: our entityID and ACS")
    func metadata() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let response = try await browser.get("/saml/metadata")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/samlmetadata+xml")
            #expect(response.text.contains("entityID=\"http://127.0.0.1:8080/saml/metadata\""))
            #expect(response.text.contains("Location=\"http://127.0.0.1:8080/saml/acs\""))
        }
    }

    @Test("SP-initiated: redirect to the IdP with a tracked request, ACS → session → /tickets")
    func spInitiated() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let requestID = try await Self.startLogin(browser, returnTo: "/tickets?from=sso")
            let cookie = try #require(browser.cookie("gatehouse_saml"))
            #expect(cookie.count == 43)
            let response = try gateway.samlResponse(
                nameID: "alice@example.com", inResponseTo: requestID, attributes: [("displayName", ["Alice Liddell"])])
            let acs = try await Self.post(browser, response: response, relayState: requestID)
            #expect(acs.status == .seeOther)
            #expect(acs.location == "/tickets?from=sso")
            let tickets = try await browser.get("/tickets")
            #expect(tickets.status == .ok)
            #expect(tickets.text.contains("Alice Liddell") && tickets.text.contains("alice@example.com"))
            // The request was consumed: the same response again is refused.
            #expect(try await Self.post(browser, response: response, relayState: requestID).reasonCode == "signin.request_unknown")
            let metrics = try await browser.get("/metrics").text
            #expect(metrics.contains("gatehouse_logins_total{method=\"saml\"} 1"))
        }
    }

    @Test("On https the request cookie is SameSite=None; Secure, __Secure- prefixed, scoped to /saml")
    func secureRequestCookie() async throws {
        let gateway = try await TestGateway(baseURL: "https://support.example.com")
        try await gateway.run { browser in
            let response = try await browser.get("/saml/login?idp=test")
            let cookie = try #require(response.setCookieHeader(named: "__Secure-gatehouse_saml"))
            #expect(cookie.contains("Secure") && cookie.contains("SameSite=None") && cookie.contains("Path=/saml") && cookie.contains("HttpOnly"))
            let location = try #require(response.location)
            #expect(location.hasPrefix("https://idp.gatehouse.test/sso?SAMLRequest="))
        }
    }

    @Test("An IdP with only an HTTP-POST endpoint: an auto-submitting form, a CSP naming only that target, then the ACS")
    func postBinding() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            #expect(try await browser.get("/login").text.contains("Sign in with Workspace"))
            let page = try await browser.get("/saml/login?idp=workspace&return_to=/tickets")
            #expect(page.status == .ok)
            let csp = try #require(page.headers[.contentSecurityPolicy])
            #expect(csp.contains("form-action https://accounts.gatehouse.test;") && csp.contains("script-src 'self'"))
            #expect(page.text.contains("action=\"https://accounts.gatehouse.test/o/saml2/idp\""))
            #expect(page.text.contains("<script src=\"/static/saml-post.js\"></script>"))
            let value = try #require(page.text.firstMatch(of: /name="SAMLRequest" value="([^"]+)"/)?.output.1)
            let relayState = try #require(page.text.firstMatch(of: /name="RelayState" value="([^"]+)"/)?.output.1)
            let xml = String(decoding: try #require(Data(base64Encoded: String(value))), as: UTF8.self)
            #expect(xml.contains("ID=\"\(relayState)\"") && xml.contains("Destination=\"https://accounts.gatehouse.test/o/saml2/idp\""))
            #expect(browser.cookie("gatehouse_saml") != nil)
            let script = try await browser.get("/static/saml-post.js")
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8" && script.text.contains("submit()"))
            let response = try gateway.samlResponse(
                nameID: "gina@example.com", inResponseTo: String(relayState), issuer: TestGateway.postOnlyEntityID)
            #expect(try await Self.post(browser, response: response, relayState: String(relayState)).status == .seeOther)
            #expect(try await browser.get("/tickets").text.contains("gina@example.com"))
        }
    }

    @Test("The response must come back to the browser that asked: signin.request_unknown otherwise")
    func boundToBrowser() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let requestID = try await Self.startLogin(browser)
            let response = try gateway.samlResponse(nameID: "alice@example.com", inResponseTo: requestID)
            let victim = TestBrowser(browser.client)
            let injected = try await Self.post(victim, response: response, relayState: requestID)
            #expect(injected.status == .forbidden)
            #expect(injected.reasonCode == "signin.request_unknown")
            #expect(injected.setCookieHeader(named: "gatehouse_session") == nil)
            // The failed attempt did not consume the request of the real browser.
            #expect(try await Self.post(browser, response: response, relayState: requestID).status == .seeOther)
        }
    }

    @Test("An expired AuthnRequest is not answered")
    func expiredRequest() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let requestID = try await Self.startLogin(browser)
            gateway.clock.advance(by: 601)
            let response = try gateway.samlResponse(nameID: "alice@example.com", inResponseTo: requestID)
            #expect(try await Self.post(browser, response: response, relayState: requestID).reasonCode == "signin.request_unknown")
        }
    }

    @Test("Unsolicited responses: refused from an IdP that does not allow them, accepted once from one that does")
    func unsolicited() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let fromTest = try gateway.samlResponse(nameID: "alice@example.com")
            let refused = try await Self.post(browser, response: fromTest, relayState: nil)
            #expect(refused.status == .forbidden)
            #expect(refused.reasonCode == "saml.unsolicited_not_allowed")

            let fromPartner = try gateway.samlResponse(
                nameID: "p-123", issuer: TestGateway.partnerEntityID, attributes: [("mail", ["Carol@Partner.example"])], nameIDFormat: nil)
            let accepted = try await Self.post(browser, response: fromPartner, relayState: "/tickets?via=partner")
            #expect(accepted.status == .seeOther)
            #expect(accepted.location == "/tickets?via=partner")
            #expect(try await browser.get("/tickets").text.contains("carol@partner.example"))
            let replay = try await Self.post(TestBrowser(browser.client), response: fromPartner, relayState: nil)
            #expect(replay.reasonCode == "saml.replayed")
            let audit = try await gateway.dependencies.audit.recent(limit: 1)
            #expect(audit.first?.reasonCode == "saml.replayed")
        }
    }

    @Test("Forged, foreign and malformed responses are refused with their SAML reason codes")
    func refusals() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let requestID = try await Self.startLogin(browser)
            let genuine = try gateway.samlResponse(nameID: "alice@example.com", inResponseTo: requestID)
            var xml = String(decoding: Data(base64Encoded: genuine)!, as: UTF8.self)
            xml = xml.replacingOccurrences(of: "alice@example.com", with: "admin@example.com")
            let tampered = Data(xml.utf8).base64EncodedString()
            #expect(try await Self.post(browser, response: tampered, relayState: requestID).reasonCode == "saml.signature_invalid")

            let unknownIssuer = try gateway.samlResponse(nameID: "alice@example.com", issuer: "https://rogue.example/idp")
            #expect(try await Self.post(browser, response: unknownIssuer, relayState: nil).reasonCode == "signin.idp_unknown")
            #expect(try await Self.post(browser, response: "", relayState: nil).reasonCode == "saml.encoding_invalid")
            #expect(try await Self.post(browser, response: "%%%not base64", relayState: nil).reasonCode == "saml.encoding_invalid")

            let otherAudience = try await Self.startLogin(browser)
            let wrongAudience = try gateway.samlResponse(
                nameID: "alice@example.com", inResponseTo: otherAudience, audience: "https://other-sp.example")
            #expect(try await Self.post(browser, response: wrongAudience, relayState: otherAudience).reasonCode == "saml.audience_mismatch")
            #expect(try await browser.get("/tickets").status == .seeOther)
        }
    }

    @Test("Unknown IdP name: signin.idp_unknown")
    func unknownIdentityProvider() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let response = try await browser.get("/saml/login?idp=nope")
            #expect(response.status == .forbidden)
            #expect(response.reasonCode == "signin.idp_unknown")
        }
    }

    @Test("Audience rule for SAML: members of the list enter, others are refused without a session")
    func audienceRule() async throws {
        let gateway = try await TestGateway(audience: [.saml: .lists(["Customers"])])
        try await gateway.contact("alice@example.com", lists: ["Customers"])
        try await gateway.run { browser in
            let first = try await Self.startLogin(browser)
            let mallory = try gateway.samlResponse(nameID: "mallory@example.com", inResponseTo: first)
            let refused = try await Self.post(browser, response: mallory, relayState: first)
            #expect(refused.status == .forbidden)
            #expect(refused.reasonCode == "access.not_in_audience")
            #expect(refused.text.contains("You don&#39;t have access to this portal"))
            #expect(browser.cookie("gatehouse_session") == nil)
            let second = try await Self.startLogin(browser)
            let alice = try gateway.samlResponse(nameID: "alice@example.com", inResponseTo: second)
            #expect(try await Self.post(browser, response: alice, relayState: second).status == .seeOther)
        }
    }

    @Test("SSO never signs into an unverified password account: the pending password is discarded")
    func preHijacking() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("alice@example.com", verified: false)
        try await gateway.run { browser in
            let requestID = try await Self.startLogin(browser)
            let response = try gateway.samlResponse(nameID: "alice@example.com", inResponseTo: requestID)
            #expect(try await Self.post(browser, response: response, relayState: requestID).status == .seeOther)
            let attacker = TestBrowser(browser.client)
            try await attacker.get("/login")
            #expect(
                try await attacker.post("/login", form: [("email", "alice@example.com"), ("password", TestGateway.password)]).status
                    == .unauthorized)
        }
    }

    @Test("No usable email (opaque NameID, no attribute): signin.email_missing")
    func emailMissing() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let requestID = try await Self.startLogin(browser)
            let response = try gateway.samlResponse(
                nameID: "opaque-7f3a", inResponseTo: requestID, nameIDFormat: SAMLIdentifier.persistentNameIDFormat)
            #expect(try await Self.post(browser, response: response, relayState: requestID).reasonCode == "signin.email_missing")
        }
    }

    @Test("An IdP stored at run time (gatehouse idp add) is usable at once; removing it takes effect at once")
    func runtimeRegistry() async throws {
        let gateway = try await TestGateway()
        let registry = SQLiteIdentityProviderRegistry(gateway.database)
        try await gateway.run { browser in
            #expect(try await browser.get("/saml/login?idp=added").reasonCode == "signin.idp_unknown")
            try await registry.save(
                StoredIdentityProvider(
                    entityID: "https://added.example/idp", name: "added",
                    metadataXML: gateway.minter.identityProviderMetadata(
                        entityID: "https://added.example/idp", singleSignOnURL: "https://added.example/sso"),
                    addedAt: gateway.clock.now))
            let requestID = try await Self.startLogin(browser, idp: "added")
            let response = try gateway.samlResponse(nameID: "dora@example.com", inResponseTo: requestID, issuer: "https://added.example/idp")
            #expect(try await Self.post(browser, response: response, relayState: requestID).status == .seeOther)
            #expect(try await browser.get("/login").status == .seeOther)
            _ = try await registry.remove(entityID: "https://added.example/idp")
            #expect(try await browser.get("/saml/login?idp=added").reasonCode == "signin.idp_unknown")
        }
    }
}
