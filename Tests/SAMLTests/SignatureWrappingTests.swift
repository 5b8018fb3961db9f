import Foundation
import SAML
import Testing
import XMLSecurity

/// XML signature wrapping (Somorovsky et al., "On Breaking SAML", USENIX Security 2012; the XSW1–8
/// permutations of SAML Raider): a genuinely signed fragment is kept so the signature still verifies,
/// and an attacker's assertion is placed where a naive SP reads claims. Each variant runs against a
/// response signed by us and one signed by xmlsec1, and must fail with its exact code.
@Suite struct SignatureWrappingTests {
    static let evilName = "admin@example.com"

    /// A correctly signed response; the baseline every attack starts from (and which is accepted).
    static func signed(_ parts: TestResponseMinter.SignedParts, by signer: ResponseSigner) throws -> (TestLogin, XMLSurgery) {
        let login = try TestLogin()
        let xml = try signer.sign(TestLogin.response().xml, parts: parts, login: login)
        return (login, XMLSurgery(xml))
    }

    @Test("The untouched baseline is accepted", arguments: ResponseSigner.allCases)
    func baseline(_ signer: ResponseSigner) throws {
        let (login, document) = try Self.signed(.assertion, by: signer)
        #expect(try login.validate(document.xml).nameID == "alice@example.com")
    }

    // MARK: Response-level signature (XSW1, XSW2)

    /// XSW1: the attacker's Response is the document element; the original signed Response (its
    /// signature removed) hides inside the Signature's ds:Object, which the reference still resolves to.
    @Test("XSW1: original Response hidden in ds:Object of the Signature", arguments: ResponseSigner.allCases)
    func xsw1(_ signer: ResponseSigner) throws {
        let (login, document) = try Self.signed(.response, by: signer)
        let signature = document.signature
        var original = XMLSurgery(document.xml)
        original.remove(signature)
        let originalResponse = original.element("<samlp:Response ", closing: "samlp:Response").replacingOccurrences(
            of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")
        var attack = XMLSurgery(original.xml)
        attack.replace(attack.assertion, with: XMLSurgery.evilCopy(of: attack.assertion, signature: nil, nameID: Self.evilName))
        attack = XMLSurgery(attack.xml.replacingFirst("ID=\"_resp", with: "ID=\"_evil_response\"", orSuffixUntilQuote: true))
        let wrapped = signature.replacingOccurrences(of: "</ds:Signature>", with: "<ds:Object>\(originalResponse)</ds:Object></ds:Signature>")
        attack.insert(wrapped, after: "</saml:Issuer>")
        #expect(login.refusal(attack.xml) == .assertionWrapped)
    }

    /// XSW2: as XSW1, but the original Response sits next to the Signature (a detached reference).
    @Test("XSW2: original Response as a sibling of the Signature", arguments: ResponseSigner.allCases)
    func xsw2(_ signer: ResponseSigner) throws {
        let (login, document) = try Self.signed(.response, by: signer)
        let signature = document.signature
        var original = XMLSurgery(document.xml)
        original.remove(signature)
        let originalResponse = original.element("<samlp:Response ", closing: "samlp:Response")
        var attack = XMLSurgery(original.xml)
        attack.replace(attack.assertion, with: XMLSurgery.evilCopy(of: attack.assertion, signature: nil, nameID: Self.evilName))
        attack = XMLSurgery(attack.xml.replacingFirst("ID=\"_resp", with: "ID=\"_evil_response\"", orSuffixUntilQuote: true))
        attack.insert(originalResponse + signature, after: "</saml:Issuer>")
        #expect(login.refusal(attack.xml) == .assertionWrapped)
    }

    // MARK: Assertion-level signature (XSW3–XSW8)

    /// XSW3: an unsigned attacker assertion placed before the signed one.
    @Test("XSW3: unsigned assertion before the signed one", arguments: ResponseSigner.allCases)
    func xsw3(_ signer: ResponseSigner) throws {
        var (login, document) = try Self.signed(.assertion, by: signer)
        let evil = XMLSurgery.evilCopy(of: document.assertion, signature: document.signature, nameID: Self.evilName)
        document.insert(evil, before: "<saml:Assertion ")
        #expect(login.refusal(document.xml) == .multipleAssertions)
    }

    /// XSW4: the attacker assertion wraps the signed one.
    @Test("XSW4: signed assertion nested inside the attacker's", arguments: ResponseSigner.allCases)
    func xsw4(_ signer: ResponseSigner) throws {
        var (login, document) = try Self.signed(.assertion, by: signer)
        let original = document.assertion
        var evil = XMLSurgery(XMLSurgery.evilCopy(of: original, signature: document.signature, nameID: Self.evilName))
        evil.insert(original, after: "</saml:Issuer>")
        document.replace(original, with: evil.xml)
        #expect(login.refusal(document.xml) == .assertionWrapped)
    }

    /// XSW5: the attacker's assertion carries the original Signature; the original, unsigned, is appended.
    @Test("XSW5: signature moved to the attacker's copy, original appended", arguments: ResponseSigner.allCases)
    func xsw5(_ signer: ResponseSigner) throws {
        var (login, document) = try Self.signed(.assertion, by: signer)
        let original = document.assertion
        let signature = document.signature
        // Same ID as the original so the moved signature's reference still resolves to the original.
        let evil = original.replacingOccurrences(of: ">alice@example.com</saml:NameID>", with: ">\(Self.evilName)</saml:NameID>")
        let unsignedOriginal = original.replacingOccurrences(of: signature, with: "")
        document.replace(original, with: evil + unsignedOriginal)
        #expect(login.refusal(document.xml) == .multipleAssertions)
    }

    /// XSW6 and XSW8: the attacker's assertion carries the original Signature, and the original
    /// assertion (signature removed) hides inside that Signature — directly (XSW6) or in a ds:Object (XSW8).
    @Test("XSW6/XSW8: original assertion inside the attacker assertion's Signature", arguments: ResponseSigner.allCases, [false, true])
    func xsw6And8(_ signer: ResponseSigner, inObject: Bool) throws {
        var (login, document) = try Self.signed(.assertion, by: signer)
        let original = document.assertion
        let signature = document.signature
        let unsignedOriginal = original.replacingOccurrences(of: signature, with: "")
        let hidden = inObject ? "<ds:Object>\(unsignedOriginal)</ds:Object>" : unsignedOriginal
        let wrappingSignature = signature.replacingOccurrences(of: "</ds:Signature>", with: "\(hidden)</ds:Signature>")
        let evil = original.replacingOccurrences(of: signature, with: wrappingSignature)
            .replacingOccurrences(of: ">alice@example.com</saml:NameID>", with: ">\(Self.evilName)</saml:NameID>")
        document.replace(original, with: evil)
        #expect(login.refusal(document.xml) == .assertionWrapped)
    }

    /// XSW7: the original assertion hidden in samlp:Extensions; the attacker's stands in its place.
    @Test("XSW7: original assertion in samlp:Extensions", arguments: ResponseSigner.allCases)
    func xsw7(_ signer: ResponseSigner) throws {
        var (login, document) = try Self.signed(.assertion, by: signer)
        let original = document.assertion
        document.replace(original, with: XMLSurgery.evilCopy(of: original, signature: document.signature, nameID: Self.evilName))
        document.insert("<samlp:Extensions>\(original)</samlp:Extensions>", after: "</saml:Issuer>")
        #expect(login.refusal(document.xml) == .assertionWrapped)
    }

    /// The original assertion hidden in saml:Advice of the attacker's (Advice may carry assertions).
    @Test("Original assertion in saml:Advice", arguments: ResponseSigner.allCases)
    func advice(_ signer: ResponseSigner) throws {
        var (login, document) = try Self.signed(.assertion, by: signer)
        let original = document.assertion
        var evil = XMLSurgery(XMLSurgery.evilCopy(of: original, signature: document.signature, nameID: Self.evilName))
        evil.insert("<saml:Advice>\(original)</saml:Advice>", before: "<saml:AttributeStatement>")
        document.replace(original, with: evil.xml)
        #expect(login.refusal(document.xml) == .assertionWrapped)
    }

    // MARK: Shapes that need no second assertion

    @Test("A second, unsigned assertion appended after the signed one", arguments: ResponseSigner.allCases)
    func appendedAssertion(_ signer: ResponseSigner) throws {
        var (login, document) = try Self.signed(.assertion, by: signer)
        document.insert(XMLSurgery.evilCopy(of: document.assertion, signature: document.signature), before: "</samlp:Response>")
        #expect(login.refusal(document.xml) == .multipleAssertions)
    }

    @Test("Signature removed", arguments: ResponseSigner.allCases)
    func signatureRemoved(_ signer: ResponseSigner) throws {
        var (login, document) = try Self.signed(.assertion, by: signer)
        document.remove(document.signature)
        #expect(login.refusal(document.xml) == .unsigned)
    }

    @Test("Signature moved into samlp:Extensions", arguments: ResponseSigner.allCases)
    func signatureInExtensions(_ signer: ResponseSigner) throws {
        var (login, document) = try Self.signed(.assertion, by: signer)
        let signature = document.signature
        document.remove(signature)
        document.insert("<samlp:Extensions>\(signature)</samlp:Extensions>", after: "</saml:Issuer>")
        #expect(login.refusal(document.xml) == .signatureMisplaced)
    }

    /// The Response's signature pasted into the Assertion: it verifies, but covers the Response, not
    /// the element it sits in, so it cannot vouch for the assertion.
    @Test("A Response signature moved into the Assertion", arguments: ResponseSigner.allCases)
    func responseSignatureMovedIntoAssertion(_ signer: ResponseSigner) throws {
        var (login, document) = try Self.signed(.response, by: signer)
        let signature = document.signature
        document.remove(signature)
        var assertion = XMLSurgery(document.assertion)
        assertion.insert(signature, after: "</saml:Issuer>")
        document.replace(document.assertion, with: assertion.xml)
        #expect(login.refusal(document.xml) == .signatureReferenceInvalid)
    }

    @Test("Two elements sharing the signed assertion's ID")
    func duplicateIdentifier() throws {
        let login = try TestLogin()
        var response = TestLogin.response()
        response.responseID = response.assertionID
        let signed = try login.mint(response, signing: .assertion)
        #expect(login.refusal(signed) == .duplicateID)
    }
}
