import Foundation
import SAML
import Testing
import XMLSecurity

/// Signatures cross-checked against xmlsec1, in both directions, on whole SAML responses.
@Suite struct CrossImplementationTests {
    @Test("Responses signed by xmlsec1 are accepted", arguments: [TestResponseMinter.SignedParts.assertion, .response, .both])
    func xmlsec1SignedResponsesVerify(_ parts: TestResponseMinter.SignedParts) throws {
        let login = try TestLogin()
        let signed = try ResponseSigner.xmlsec1.sign(TestLogin.response().xml, parts: parts, login: login)
        #expect(signed.contains("<ds:SignatureValue>") && !signed.contains("<ds:SignatureValue></ds:SignatureValue>"))
        let identity = try login.validate(signed)
        #expect(identity.nameID == "alice@example.com")
        #expect(identity.values(of: "groups") == ["support", "billing"])
    }

    @Test(
        "Responses minted by gatehouse fixtures verify with xmlsec1",
        arguments: [
            ("test-idp-rsa", TestResponseMinter.SignedParts.assertion), ("test-idp-rsa", .response), ("test-idp-rsa", .both),
            ("test-idp-ecdsa", .assertion), ("test-idp-ecdsa", .response), ("test-idp-ecdsa", .both),
        ])
    func mintedResponsesVerifyWithXMLSec1(_ key: String, _ parts: TestResponseMinter.SignedParts) throws {
        let login = try TestLogin(idp: TestKeys.pair(key))
        let signed = try login.mint(signing: parts)
        let scratch = try ScratchDirectory()
        let file = try scratch.write("response.xml", Data(signed.utf8))
        let xmlsec1 = try ExternalTool("xmlsec1")
        let arguments = [
            "--verify", "--pubkey-cert-pem", login.idp.certificatePath, "--enabled-key-data", "key-name,x509",
            "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
            "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
        ]
        let result = try xmlsec1.run(arguments + [file])
        #expect(result.status == 0, "xmlsec1 refused our signature: \(result.stderr)")
        if parts == .both {
            // xmlsec1 checks the first Signature only; check the Assertion's on a copy without the Response's.
            var surgery = XMLSurgery(signed)
            surgery.remove(surgery.signature)
            let assertionOnly = try scratch.write("assertion-only.xml", Data(surgery.xml.utf8))
            let second = try xmlsec1.run(arguments + [assertionOnly])
            #expect(second.status == 0, "xmlsec1 refused our assertion signature: \(second.stderr)")
        }
        // And ours accepts what xmlsec1 accepted.
        #expect(try login.validate(signed).nameID == "alice@example.com")
    }

    @Test("xmlsec1 notices tampering with a minted response, as we do")
    func tamperingDetectedByBoth() throws {
        let login = try TestLogin()
        var surgery = XMLSurgery(try login.mint(signing: .assertion))
        surgery.replace(">alice@example.com</saml:NameID>", with: ">admin@example.com</saml:NameID>")
        let scratch = try ScratchDirectory()
        let file = try scratch.write("tampered.xml", Data(surgery.xml.utf8))
        let result = try ExternalTool("xmlsec1").run([
            "--verify", "--pubkey-cert-pem", login.idp.certificatePath, "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", file,
        ])
        #expect(result.status != 0)
        #expect(login.refusal(surgery.xml) == .signatureInvalid)
    }
}
