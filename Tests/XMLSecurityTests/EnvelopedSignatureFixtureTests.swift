import Foundation
import Testing
import XMLSecurity

/// Signatures made by real IdP products (Okta, Entra ID, AD FS, Keycloak, …) and published attacks on
/// them. Only the XML-DSig outcome is checked here; SAML semantics are the SAML target's tests.
@Suite struct EnvelopedSignatureFixtureTests {
    static func signatures(of fixture: SAMLFixture) throws -> (XMLTree, [EnvelopedSignature]) {
        let tree = try XMLTree.parse(fixture.responseBytes)
        let signatures = try tree.root.descendants("Signature", in: XMLSignatureNamespace.dsig).map { try EnvelopedSignature($0) }
        return (tree, signatures)
    }

    /// Every signature in every accepted case verifies with the pinned certificate under `.legacy`;
    /// under `.strict`, SHA-1 ones fail with sha1NotAllowed and SHA-256 ones still verify.
    @Test(arguments: SAMLFixture.accepted.filter { $0.name != "shibboleth-testshib-encrypted" })
    func acceptedFixtureSignaturesVerify(_ fixture: SAMLFixture) throws {
        let (_, signatures) = try Self.signatures(of: fixture)
        #expect(!signatures.isEmpty)
        let certificate = try fixture.certificate
        let usesSHA1 = try #require(try fixture.spec.signatureAlgorithm).hasSuffix("sha1")
        for signature in signatures {
            let key = try signature.verify(with: [certificate.publicKey], policy: .legacy)
            #expect(key.isSameKey(as: certificate.publicKey))
            #expect(signature.signatureAlgorithm.digest.isSHA1 == usesSHA1)
            if usesSHA1 {
                expectError(.sha1NotAllowed) { try signature.verify(with: [certificate.publicKey], policy: .strict) }
            } else {
                try signature.verify(with: [certificate.publicKey], policy: .strict)
            }
            // Pinned to someone else's key, the same signature must not verify.
            expectError(.signatureMismatch) { try signature.verify(with: [TestCredential.attackerRSA.publicKey], policy: .legacy) }
        }
    }

    /// Reject cases whose defect is in the SAML claims, not the signature: the signature must verify
    /// so that the SAML policies, not a crypto accident, are what rejects them.
    @Test(arguments: [
        "google-comment-injection", "oktadev-wrong-audience", "oktadev-expired-conditions", "oktadev-status-failure",
        "olgn09-wrong-destination", "secureworks-injected-duplicate-assertion",
    ])
    func validlySignedRejectFixturesVerify(_ name: String) throws {
        let fixture = SAMLFixture.named(name)
        let (_, signatures) = try Self.signatures(of: fixture)
        #expect(signatures.count == 1)
        for signature in signatures {
            try signature.verify(with: [fixture.certificate.publicKey], policy: .legacy)
        }
    }

    @Test func acceptedFixturesCoverBothAlgorithms() throws {
        let algorithms = try SAMLFixture.accepted.map { try $0.spec.signatureAlgorithm ?? "" }
        #expect(algorithms.filter { $0.hasSuffix("rsa-sha1") }.count == 4)
        #expect(algorithms.filter { $0.hasSuffix("rsa-sha256") }.count == 7)
    }

    @Test func signedBothFixturesHaveTwoSignatures() throws {
        for name in ["okta-oktapreview", "simplesamlphp"] {
            let (_, signatures) = try Self.signatures(of: .named(name))
            #expect(signatures.map(\.signedElement.localName) == ["Response", "Assertion"], "\(name)")
        }
    }

    // MARK: Published attacks, by the code XMLSecurity reports

    static let rejected: [(String, XMLSecurityError.Code)] = [
        ("google-comment-tampered", .digestMismatch),
        ("oktadev-tampered-nameid", .digestMismatch),
        ("oktadev-wrong-signing-key", .signatureMismatch),
        ("nodesaml-attacker-resigned-keyinfo", .signatureMismatch),
        ("onelogin-xsw3-unsigned-assertion-first", .digestMismatch),
        ("onelogin-xsw7-assertion-in-extensions", .digestMismatch),
    ]

    @Test(arguments: rejected)
    func attackFixtureFailsVerification(_ name: String, _ code: XMLSecurityError.Code) throws {
        let fixture = SAMLFixture.named(name)
        let (_, signatures) = try Self.signatures(of: fixture)
        let signature = try #require(signatures.first)
        expectError(code) { try signature.verify(with: [fixture.certificate.publicKey], policy: .legacy) }
    }

    /// Signature wrapping where the Signature references an element other than its parent: refused
    /// when the Signature is read, before any digest is computed.
    @Test(arguments: ["rubysaml-xsw-concealed-assertion", "onelogin-xsw2-response-wrap"])
    func wrappedSignatureIsNotEnveloping(_ name: String) throws {
        let tree = try XMLTree.parse(SAMLFixture.named(name).responseBytes)
        let signature = try #require(tree.root.descendants("Signature", in: XMLSignatureNamespace.dsig).first)
        expectError(.referenceNotEnveloping) { try EnvelopedSignature(signature) }
    }

    /// The attacker's certificate in KeyInfo really does verify the message: proof that the fixture
    /// is a genuine attack, and that only pinning stops it.
    @Test func attackerResignedFixtureVerifiesOnlyWithItsOwnKeyInfo() throws {
        let fixture = SAMLFixture.named("nodesaml-attacker-resigned-keyinfo")
        let (_, signatures) = try Self.signatures(of: fixture)
        let signature = try #require(signatures.first)
        let embedded = try X509Certificate(base64: try #require(signature.keyInfoCertificates.first))
        try signature.verify(with: [embedded.publicKey], policy: .legacy)
        expectError(.signatureMismatch) { try signature.verify(with: [fixture.certificate.publicKey], policy: .legacy) }
    }

    /// Comments in the signed NameID do not break the signature (exclusive C14N without comments), and
    /// the tree view returns the whole text, never the part before the comment.
    @Test func commentInjectionFixtureVerifiesAndReadsTheFullText() throws {
        let fixture = SAMLFixture.named("google-comment-injection")
        let (tree, signatures) = try Self.signatures(of: fixture)
        try #require(signatures.first).verify(with: [fixture.certificate.publicKey], policy: .strict)
        let nameID = try #require(tree.root.descendants("NameID", in: "urn:oasis:names:tc:SAML:2.0:assertion").first)
        #expect(nameID.textContent == "ross@octolabs.io")
        #expect(nameID.containsCommentOrProcessingInstruction)
    }

    @Test func unsignedFixtureHasNoSignature() throws {
        let (_, signatures) = try Self.signatures(of: .named("oktadev-unsigned"))
        #expect(signatures.isEmpty)
    }
}
