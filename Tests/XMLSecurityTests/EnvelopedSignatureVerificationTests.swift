import Foundation
import Testing
import XMLSecurity

/// Verification outcomes on genuinely signed documents, each attack or misconfiguration asserting
/// its own code. Keys come only from the caller; KeyInfo never helps.
@Suite struct EnvelopedSignatureVerificationTests {
    static let saml: StaticString = "urn:oasis:names:tc:SAML:2.0:assertion"

    /// A Response whose Assertion is signed by `credential`, serialized to bytes.
    static func signedResponse(
        by credential: TestCredential = .idpRSA, algorithm: SignatureAlgorithm = .rsaSHA256, digest: DigestAlgorithm = .sha256,
        keyInfo: Bool = true
    ) throws -> String {
        let tree = try XMLTree.parse(SAMLDocument.response().bytes)
        let assertion = try #require(tree.root.firstChild("Assertion", in: saml))
        let signer = EnvelopedSignatureSigner(
            key: try credential.privateKey, certificate: keyInfo ? try credential.certificate : nil, signatureAlgorithm: algorithm,
            digestAlgorithm: digest)
        try signer.sign(assertion, after: assertion.firstChild("Issuer", in: saml))
        return String(decoding: tree.serialized(), as: UTF8.self)
    }

    static func signature(_ document: String) throws -> EnvelopedSignature {
        let tree = try XMLTree.parse(document.bytes)
        return try EnvelopedSignature(try #require(tree.root.descendants("Signature", in: XMLSignatureNamespace.dsig).first))
    }

    @discardableResult
    static func verify(_ document: String, with keys: [TestCredential], policy: AlgorithmPolicy = .strict) throws -> PublicKey {
        try signature(document).verify(with: keys.map { try $0.publicKey }, policy: policy)
    }

    @Test func untouchedDocumentVerifies() throws {
        let key = try Self.verify(Self.signedResponse(), with: [.idpRSA])
        #expect(try key.isSameKey(as: TestCredential.idpRSA.publicKey))
    }

    // MARK: Tampering

    @Test func tamperedContentIsADigestMismatch() throws {
        let document = try Self.signedResponse()
        let edits = [
            ("alice@example.com", "admin@example.com"),
            ("<saml:Subject>", "<saml:Subject Extra=\"1\">"),
            ("admin &amp; owner", "admin &amp; owner "),
            ("ID=\"_a1\" Version=\"2.0\"", "ID=\"_a1\" Version=\"2.1\""),
        ]
        for (original, replacement) in edits {
            let tampered = document.replacingOccurrences(of: original, with: replacement)
            #expect(tampered != document, "\(original) not found")
            expectError(.digestMismatch) { try Self.verify(tampered, with: [.idpRSA]) }
        }
    }

    @Test func contentOutsideTheSignedElementIsNotCovered() throws {
        let document = try Self.signedResponse()
        let changed = document.replacingOccurrences(of: "https://sp.example.com/acs", with: "https://evil.example/acs")
        #expect(changed != document)
        try Self.verify(changed, with: [.idpRSA])
    }

    /// The CVE-2018-7340 shape: the signature still verifies (comments are not signed), so the SAML
    /// layer must read the full text. This documents the contract rather than a defence.
    @Test func commentInsertedAfterSigningStillVerifies() throws {
        let document = try Self.signedResponse().replacingOccurrences(of: "alice@example.com", with: "alice@example.com<!---->.evil")
        expectError(.digestMismatch) { try Self.verify(document, with: [.idpRSA]) }
        let commentOnly = try Self.signedResponse().replacingOccurrences(of: "alice@example.com", with: "alice@<!-- x -->example.com")
        try Self.verify(commentOnly, with: [.idpRSA])
        let nameID = try #require(try XMLTree.parse(commentOnly.bytes).root.descendants("NameID", in: Self.saml).first)
        #expect(nameID.textContent == "alice@example.com")
    }

    @Test func tamperedSignatureValueIsASignatureMismatch() throws {
        let document = try Self.signedResponse()
        let signature = try Self.signature(document)
        let original = try #require(signature.element.firstChild("SignatureValue", in: XMLSignatureNamespace.dsig)?.base64DecodedContent)
        var flipped = original
        flipped[100] ^= 0x04
        let tampered = document.replacingOccurrences(of: Base64.encode(original), with: Base64.encode(flipped))
        #expect(tampered != document)
        expectError(.signatureMismatch) { try Self.verify(tampered, with: [.idpRSA]) }
    }

    @Test func tamperedSignedInfoIsASignatureMismatch() throws {
        let document = try Self.signedResponse()
        let tampered = document.replacingOccurrences(of: "<ds:SignedInfo>", with: "<ds:SignedInfo Id=\"x\">")
        #expect(tampered != document)
        expectError(.signatureMismatch) { try Self.verify(tampered, with: [.idpRSA]) }
    }

    @Test func replacedDigestValueIsADigestMismatch() throws {
        let document = try Self.signedResponse()
        let digest = try Self.signature(document).element.descendants("DigestValue", in: XMLSignatureNamespace.dsig)[0].textContent
        let tampered = document.replacingOccurrences(of: digest, with: Base64.encode(DigestAlgorithm.sha256.hash("other".bytes)))
        expectError(.digestMismatch) { try Self.verify(tampered, with: [.idpRSA]) }
    }

    // MARK: Keys

    @Test func wrongKeyIsASignatureMismatch() throws {
        expectError(.signatureMismatch) { try Self.verify(Self.signedResponse(), with: [.attackerRSA]) }
        expectError(.signatureMismatch) { try Self.verify(Self.signedResponse(), with: [.spSigning, .attackerRSA, .idpRSA1024]) }
        // Another P-256 key: the suite has one EC test key, so make a throwaway second one.
        let otherEC = try TemporaryDirectory.with { directory in
            let path = directory.file("ec.pem").path
            try ExternalTool.openssl.runExpectingSuccess(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path])
            return try PrivateKey(pem: String(contentsOfFile: path, encoding: .utf8)).publicKey
        }
        let ecdsa = try Self.signature(Self.signedResponse(by: .idpECDSA, algorithm: .ecdsaSHA256))
        expectError(.signatureMismatch) { try ecdsa.verify(with: [otherEC], policy: .strict) }
    }

    /// The attacker signs with their own key and ships their certificate in KeyInfo; a verifier that
    /// took the key from the message would accept.
    @Test func attackerCertificateInKeyInfoIsIgnored() throws {
        let document = try Self.signedResponse(by: .attackerRSA)
        #expect(try Self.signature(document).keyInfoCertificates == [TestCredential.attackerRSA.certificate.base64])
        expectError(.signatureMismatch) { try Self.verify(document, with: [.idpRSA]) }
        // xmlsec1 pinned to the IdP certificate agrees.
        #expect(try Xmlsec.verify(Array(document.utf8), with: .idpRSA).status != 0)
    }

    @Test func keyRolloverReturnsTheKeyThatVerified() throws {
        let document = try Self.signedResponse()
        let key = try Self.verify(document, with: [.spSigning, .idpRSA])
        #expect(try key.isSameKey(as: TestCredential.idpRSA.publicKey))
        #expect(try !key.isSameKey(as: TestCredential.spSigning.publicKey))
        let ecdsa = try Self.verify(Self.signedResponse(by: .idpECDSA, algorithm: .ecdsaSHA384), with: [.idpRSA, .idpECDSA])
        #expect(try ecdsa.isSameKey(as: TestCredential.idpECDSA.publicKey))
    }

    @Test func rsaSignatureWithOnlyAnECKeyPinnedHasNoUsableKey() throws {
        expectError(.noUsableKey) { try Self.verify(Self.signedResponse(), with: [.idpECDSA]) }
        expectError(.noUsableKey) { try Self.verify(Self.signedResponse(by: .idpECDSA, algorithm: .ecdsaSHA256), with: [.idpRSA]) }
        expectError(.noUsableKey) { try Self.verify(Self.signedResponse(), with: []) }
    }

    @Test func weakKeyUnderStrict() throws {
        let document = try Self.signedResponse(by: .idpRSA1024)
        expectError(.weakKey) { try Self.verify(document, with: [.idpRSA1024]) }
        try Self.verify(document, with: [.idpRSA1024], policy: .legacy)
        // A strong key pinned next to the weak one is tried, and is simply the wrong key.
        expectError(.signatureMismatch) { try Self.verify(document, with: [.idpRSA1024, .idpRSA]) }
    }

    // MARK: SHA-1

    @Test(arguments: [(SignatureAlgorithm.rsaSHA1, DigestAlgorithm.sha1), (.rsaSHA1, .sha256), (.rsaSHA256, .sha1)])
    func sha1IsRefusedUnderStrictOnly(_ algorithm: SignatureAlgorithm, _ digest: DigestAlgorithm) throws {
        let document = try Self.signedResponse(algorithm: algorithm, digest: digest)
        expectError(.sha1NotAllowed) { try Self.verify(document, with: [.idpRSA]) }
        try Self.verify(document, with: [.idpRSA], policy: .legacy)
    }

    @Test func ecdsaSHA1IsRefusedUnderStrict() throws {
        let document = try Self.signedResponse(by: .idpECDSA, algorithm: .ecdsaSHA1, digest: .sha1)
        expectError(.sha1NotAllowed) { try Self.verify(document, with: [.idpECDSA]) }
        try Self.verify(document, with: [.idpECDSA], policy: .legacy)
    }

    @Test func signerRequiresAnIdentifier() throws {
        let tree = try XMLTree.parse("<r><a/></r>".bytes)
        let signer = EnvelopedSignatureSigner(key: try TestCredential.idpRSA.privateKey, certificate: nil, signatureAlgorithm: .rsaSHA256)
        expectError(.signatureMalformed) { try signer.sign(tree.root) }
        let ecdsa = EnvelopedSignatureSigner(key: try TestCredential.idpRSA.privateKey, certificate: nil, signatureAlgorithm: .ecdsaSHA256)
        let withID = try XMLTree.parse("<r ID=\"x\"/>".bytes)
        expectError(.keyInvalid) { try ecdsa.sign(withID.root) }
    }

    @Test func signerPlacesTheSignatureFirstWithoutPredecessor() throws {
        let tree = try XMLTree.parse("<r ID=\"_x\"><a/></r>".bytes)
        let signer = EnvelopedSignatureSigner(key: try TestCredential.idpRSA.privateKey, certificate: nil, signatureAlgorithm: .rsaSHA256)
        let element = try signer.sign(tree.root)
        #expect(tree.root.firstChildElement?.isSameNode(as: element) == true)
        try EnvelopedSignature(element).verify(with: [TestCredential.idpRSA.publicKey], policy: .strict)
        let empty = try XMLTree.parse("<r ID=\"_y\"/>".bytes)
        try EnvelopedSignature(try signer.sign(empty.root)).verify(with: [TestCredential.idpRSA.publicKey], policy: .strict)
    }
}
