import Foundation
import SAML
import Testing
import XMLSecurity

/// Every claim check, broken one at a time in a response that is otherwise valid and correctly
/// signed (Response and Assertion), by us and by xmlsec1: the signature holds, the claim does not.
@Suite struct BrokenClaimTests {
    typealias Edit = @Sendable (inout TestResponse) -> Void

    static let cases: [(String, SAMLError.Code, Edit)] = [
        ("audience of another SP", .audienceMismatch, { $0.audience = "https://other-sp.example.net/metadata" }),
        ("recipient of another ACS", .recipientMismatch, { $0.recipient = "https://other-sp.example.net/acs" }),
        ("destination of another ACS", .destinationMismatch, { $0.destination = "https://other-sp.example.net/acs" }),
        ("no Destination on a signed Response", .destinationMismatch, { $0.destination = nil }),
        ("issued by another IdP", .issuerMismatch, { $0.issuer = "https://evil-idp.example.net/metadata" }),
        ("answers another request", .inResponseToMismatch, { $0.inResponseTo = "_someone-elses-request" }),
        ("IdP reports failure", .statusNotSuccess, { $0.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Responder" }),
        (
            "not valid yet", .notYetValid,
            {
                $0.notBefore = TestLogin.now.addingTimeInterval(600)
            }
        ),
        (
            "Conditions expired", .expired,
            {
                $0.notOnOrAfter = TestLogin.now.addingTimeInterval(-120)
                $0.subjectNotOnOrAfter = TestLogin.now.addingTimeInterval(300)
            }
        ),
        (
            "bearer confirmation expired", .subjectConfirmationExpired,
            {
                $0.subjectNotOnOrAfter = TestLogin.now.addingTimeInterval(-120)
            }
        ),
    ]

    @Test("A broken claim in a correctly signed response is refused with its code", arguments: ResponseSigner.allCases, cases.indices)
    func brokenClaim(_ signer: ResponseSigner, _ index: Int) throws {
        let (name, code, edit) = Self.cases[index]
        let login = try TestLogin()
        var response = TestLogin.response()
        edit(&response)
        let signed = try signer.sign(response.xml, parts: .both, login: login)
        #expect(login.refusal(signed) == code, "\(name)")
    }

    @Test("Clock skew: 90 s either side is tolerated, 91 s is not")
    func clockSkew() throws {
        let login = try TestLogin()
        var early = TestLogin.response()
        early.notBefore = TestLogin.now.addingTimeInterval(90)
        #expect(login.refusal(try login.mint(early, signing: .both)) == nil)
        early.notBefore = TestLogin.now.addingTimeInterval(91)
        #expect(login.refusal(try login.mint(early, signing: .both)) == .notYetValid)

        var late = TestLogin.response()
        late.notOnOrAfter = TestLogin.now.addingTimeInterval(-89)
        late.subjectNotOnOrAfter = TestLogin.now.addingTimeInterval(-89)
        #expect(login.refusal(try login.mint(late, signing: .both)) == nil)
        late.notOnOrAfter = TestLogin.now.addingTimeInterval(-90)
        late.subjectNotOnOrAfter = TestLogin.now.addingTimeInterval(300)
        #expect(login.refusal(try login.mint(late, signing: .both)) == .expired)
    }

    @Test("A configured clock skew of 0 is exact")
    func zeroSkew() throws {
        var login = try TestLogin()
        login.options.clockSkew = 0
        var response = TestLogin.response()
        response.notBefore = TestLogin.now.addingTimeInterval(1)
        #expect(login.refusal(try login.mint(response, signing: .assertion)) == .notYetValid)
    }

    @Test("A Response without InResponseTo is an IdP-initiated login: refused unless allowed for the IdP")
    func unsolicited() throws {
        var login = try TestLogin()
        var response = TestLogin.response()
        response.inResponseTo = nil
        let signed = try login.mint(response, signing: .both)
        #expect(login.refusal(signed, expecting: nil) == .unsolicitedNotAllowed)
        login.options.allowsUnsolicited = true
        #expect(login.refusal(signed, expecting: nil) == nil)
    }

    @Test("A response to a request this SP has no record of is refused even when unsolicited logins are allowed")
    func unknownRequest() throws {
        var login = try TestLogin()
        login.options.allowsUnsolicited = true
        #expect(login.refusal(try login.mint(signing: .both), expecting: nil) == .inResponseToMismatch)
    }

    @Test("The signed bearer confirmation must answer our request too")
    func confirmationWithoutInResponseTo() throws {
        let login = try TestLogin()
        let response = TestLogin.response()
        let xml = response.xml.replacingOccurrences(
            of: "<saml:SubjectConfirmationData InResponseTo=\"\(TestLogin.requestID)\"", with: "<saml:SubjectConfirmationData")
        #expect(login.refusal(try login.mint(xml: xml, signing: .assertion)) == .inResponseToMismatch)
    }

    @Test("Only the assertion signed: an absent Destination is allowed, a wrong one is not")
    func destinationWithUnsignedResponse() throws {
        let login = try TestLogin()
        var response = TestLogin.response()
        response.destination = nil
        #expect(login.refusal(try login.mint(response, signing: .assertion)) == nil)
        response.destination = "https://other-sp.example.net/acs"
        #expect(login.refusal(try login.mint(response, signing: .assertion)) == .destinationMismatch)
    }

    /// Shapes TestResponse cannot express, edited into the XML before it is signed.
    static let xmlEdits: [(String, SAMLError.Code, @Sendable (String) -> String)] = [
        (
            "no AudienceRestriction", .audienceMissing,
            { xml in
                xml.replacingOccurrences(
                    of: "<saml:AudienceRestriction><saml:Audience>\(TestLogin.spEntityID)</saml:Audience></saml:AudienceRestriction>", with: "")
            }
        ),
        (
            "a second AudienceRestriction for another SP", .audienceMismatch,
            { xml in
                xml.replacingOccurrences(
                    of: "</saml:AudienceRestriction>",
                    with:
                        "</saml:AudienceRestriction><saml:AudienceRestriction><saml:Audience>https://other.example.net</saml:Audience></saml:AudienceRestriction>"
                )
            }
        ),
        (
            "an unknown condition", .conditionUnsupported,
            { xml in
                xml.replacingOccurrences(
                    of: "</saml:Conditions>", with: "<saml:Condition xsi:type=\"xs:string\">custom</saml:Condition></saml:Conditions>")
            }
        ),
        (
            "no bearer confirmation", .bearerConfirmationMissing,
            { xml in
                xml.replacingOccurrences(of: "urn:oasis:names:tc:SAML:2.0:cm:bearer", with: "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key")
            }
        ),
        (
            "no NameID", .nameIDMissing,
            { xml in
                xml.replacingOccurrences(
                    of: "<saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">alice@example.com</saml:NameID>", with: "")
            }
        ),
        (
            "an EncryptedID instead of a NameID", .nameIDMissing,
            { xml in
                xml.replacingOccurrences(
                    of: "<saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">alice@example.com</saml:NameID>",
                    with: "<saml:EncryptedID><xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\"/></saml:EncryptedID>")
            }
        ),
        (
            "a comment inside the NameID", .commentInjection,
            { xml in
                xml.replacingOccurrences(of: ">alice@example.com</saml:NameID>", with: ">alice@example.com<!---->.evil.example</saml:NameID>")
            }
        ),
        (
            "a comment inside an attribute value", .commentInjection,
            { xml in
                xml.replacingOccurrences(of: ">support</saml:AttributeValue>", with: ">sup<!-- -->port</saml:AttributeValue>")
            }
        ),
        (
            "no AuthnStatement", .authnStatementMissing,
            { xml in
                let start = xml.range(of: "<saml:AuthnStatement")!
                let end = xml.range(of: "</saml:AuthnStatement>")!
                return xml.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "")
            }
        ),
        (
            "an assertion Issuer in a non-entity format", .issuerMismatch,
            { xml in
                xml.replacingOccurrences(of: "<saml:Assertion ID=", with: "<saml:Assertion ID=")
                    .replacingOccurrences(
                        of: "Version=\"2.0\" IssueInstant=\"2029-12-31T23:59:55Z\"><saml:Issuer>",
                        with:
                            "Version=\"2.0\" IssueInstant=\"2029-12-31T23:59:55Z\"><saml:Issuer Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">"
                    )
            }
        ),
        (
            "SAML 1.1 version", .notAResponse,
            { xml in
                xml.replacingOccurrences(of: "<samlp:Response xmlns:samlp", with: "<samlp:Response Version=\"1.1\" xmlns:samlp").replacingOccurrences(
                    of: " Version=\"2.0\" IssueInstant=\"2029-12-31T23:59:55Z\" Destination",
                    with: " IssueInstant=\"2029-12-31T23:59:55Z\" Destination")
            }
        ),
        (
            "two Conditions elements", .assertionInvalid,
            { xml in
                xml.replacingOccurrences(of: "</saml:Conditions>", with: "</saml:Conditions><saml:Conditions/>")
            }
        ),
        (
            "a malformed NotOnOrAfter", .assertionInvalid,
            { xml in
                xml.replacingOccurrences(
                    of: "<saml:Conditions NotBefore=\"2029-12-31T23:58:55Z\" NotOnOrAfter=\"2030-01-01T00:04:55Z\">",
                    with: "<saml:Conditions NotBefore=\"2029-12-31T23:58:55Z\" NotOnOrAfter=\"tomorrow\">")
            }
        ),
    ]

    @Test("A correctly signed response with a defective assertion is refused with its code", arguments: xmlEdits.indices)
    func defectiveAssertion(_ index: Int) throws {
        let (name, code, edit) = Self.xmlEdits[index]
        let login = try TestLogin()
        let xml = edit(TestLogin.response().xml)
        #expect(xml != TestLogin.response().xml, "the edit for \(name) changed nothing")
        let parts: TestResponseMinter.SignedParts = xml.contains("<saml:Assertion ID=") ? .both : .response
        #expect(login.refusal(try login.mint(xml: xml, signing: parts)) == code, "\(name)")
    }

    @Test("A failure status without any assertion reports the IdP's status, not a missing assertion")
    func failureWithoutAssertion() throws {
        let login = try TestLogin()
        let xml =
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_r1\" Version=\"2.0\" IssueInstant=\"2029-12-31T23:59:55Z\" Destination=\"\(TestLogin.acsURL)\" InResponseTo=\"\(TestLogin.requestID)\">"
            + "<saml:Issuer>\(TestLogin.idpEntityID)</saml:Issuer><samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Responder\"><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:AuthnFailed\"/></samlp:StatusCode><samlp:StatusMessage>User cancelled</samlp:StatusMessage></samlp:Status></samlp:Response>"
        let error = #expect(throws: SAMLError.self) { try login.validate(xml) }
        #expect(error?.code == .statusNotSuccess)
        #expect(error?.message.contains("AuthnFailed") == true && error?.message.contains("User cancelled") == true)
    }

    @Test("A Response carrying no assertion at all")
    func noAssertion() throws {
        let login = try TestLogin()
        var surgery = XMLSurgery(TestLogin.response().xml)
        surgery.remove(surgery.assertion)
        #expect(login.refusal(try login.mint(xml: surgery.xml, signing: .response)) == .assertionMissing)
    }
}
