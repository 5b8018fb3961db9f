import Foundation
import SAML
import Testing

@Suite struct ResponseIssuerTests {
    static let p = "urn:oasis:names:tc:SAML:2.0:protocol"
    static let a = "urn:oasis:names:tc:SAML:2.0:assertion"

    @Test("The Response Issuer, else the Assertion's, from XML or base64")
    func issuer() throws {
        let response =
            "<samlp:Response xmlns:samlp=\"\(Self.p)\" xmlns:saml=\"\(Self.a)\" ID=\"_r\"><saml:Issuer> https://idp.example/ </saml:Issuer></samlp:Response>"
        #expect(try ResponseIssuer.unverified(Array(response.utf8)) == "https://idp.example/")
        #expect(try ResponseIssuer.unverified(Array(Data(response.utf8).base64EncodedString().utf8)) == "https://idp.example/")
        let assertionOnly =
            "<samlp:Response xmlns:samlp=\"\(Self.p)\" xmlns:saml=\"\(Self.a)\" ID=\"_r\"><saml:Assertion ID=\"_a\"><saml:Issuer>https://other.example</saml:Issuer></saml:Assertion></samlp:Response>"
        #expect(try ResponseIssuer.unverified(Array(assertionOnly.utf8)) == "https://other.example")
    }

    @Test("Refusals use the validator's reason codes")
    func refusals() {
        #expect(throws: SAMLError(.notAResponse, "")) {
            try ResponseIssuer.unverified(Array("<saml:Assertion xmlns:saml=\"\(Self.a)\"/>".utf8))
        }
        #expect(throws: SAMLError(.issuerMismatch, "")) {
            try ResponseIssuer.unverified(Array("<samlp:Response xmlns:samlp=\"\(Self.p)\"/>".utf8))
        }
        #expect(throws: SAMLError(.doctypeForbidden, "")) {
            try ResponseIssuer.unverified(Array("<!DOCTYPE x [<!ENTITY e \"x\">]><samlp:Response xmlns:samlp=\"\(Self.p)\"/>".utf8))
        }
        #expect(throws: SAMLError(.encodingInvalid, "")) { try ResponseIssuer.unverified(Array("%%%".utf8)) }
    }

    @Test("Request IDs have the shape makeID() gives them")
    func requestIDShape() {
        #expect(AuthnRequest.isRequestID(AuthnRequest.makeID()))
        #expect(!AuthnRequest.isRequestID("/tickets"))
        #expect(!AuthnRequest.isRequestID("_" + String(repeating: "G", count: 40)))
        #expect(!AuthnRequest.isRequestID("_" + String(repeating: "a", count: 39)))
    }
}
