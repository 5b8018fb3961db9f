import Foundation
import Testing
import XMLSecurity

/// XML-DSig interop with xmlsec1 in both directions. xmlsec1 builds its reference node set with XPath;
/// we use a visibility callback and a fast path, so agreement here is what shows the subtree
/// canonicalization is right.
@Suite struct EnvelopedSignatureXmlsecTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let document: String
        var credential = TestCredential.idpRSA
        var policy = AlgorithmPolicy.strict
        var testDescription: String { name }
    }

    typealias T = SignatureTemplate

    static func assertion(_ template: SignatureTemplate, extra: String = "") -> String {
        SAMLDocument.response(assertionSignature: template.xml, assertionExtra: extra)
    }

    static let cases: [Case] = [
        Case(name: "assertion, exc-c14n, rsa-sha256", document: assertion(T(referenceURI: "#_a1"))),
        Case(
            name: "assertion, InclusiveNamespaces PrefixList on the transform",
            document: assertion(T(referenceURI: "#_a1", transforms: [T.transform(T.enveloped), T.transform(T.exc, prefixList: "xs")]))),
        Case(
            name: "assertion, PrefixList on both SignedInfo and transform, #default",
            document: assertion(
                T(
                    referenceURI: "#_a1", signedInfoPrefixList: "xs xsi",
                    transforms: [T.transform(T.enveloped), T.transform(T.exc, prefixList: "xs #default unused")]))),
        Case(
            name: "assertion, ecdsa-sha256",
            document: assertion(T(referenceURI: "#_a1", signatureMethod: SignatureAlgorithm.ecdsaSHA256.uri)), credential: .idpECDSA),
        Case(
            name: "assertion, ecdsa-sha512 with sha384 digest",
            document: assertion(
                T(referenceURI: "#_a1", signatureMethod: SignatureAlgorithm.ecdsaSHA512.uri, digestMethod: DigestAlgorithm.sha384.uri)),
            credential: .idpECDSA),
        Case(
            name: "assertion, rsa-sha512 with sha512 digest",
            document: assertion(T(referenceURI: "#_a1", signatureMethod: SignatureAlgorithm.rsaSHA512.uri, digestMethod: DigestAlgorithm.sha512.uri))),
        Case(
            name: "assertion, rsa-sha384",
            document: assertion(T(referenceURI: "#_a1", signatureMethod: SignatureAlgorithm.rsaSHA384.uri, digestMethod: DigestAlgorithm.sha384.uri))),
        Case(
            name: "assertion, inclusive c14n 1.0 (inherits xml:lang and every namespace)",
            document: assertion(
                T(referenceURI: "#_a1", canonicalizationMethod: T.c14n10, transforms: [T.transform(T.enveloped), T.transform(T.c14n10)]))),
        Case(
            name: "assertion, c14n 1.1",
            document: assertion(
                T(referenceURI: "#_a1", canonicalizationMethod: T.c14n11, transforms: [T.transform(T.enveloped), T.transform(T.c14n11)]))),
        Case(
            name: "assertion, enveloped transform only (implicit c14n 1.0)",
            document: assertion(T(referenceURI: "#_a1", transforms: [T.transform(T.enveloped)]))),
        Case(
            name: "assertion, exc-c14n WithComments and comments in the assertion",
            document: assertion(
                T(
                    referenceURI: "#_a1", canonicalizationMethod: T.excWithComments,
                    transforms: [T.transform(T.enveloped), T.transform(T.excWithComments)]),
                extra: "<!-- signed comment --><saml:Advice><!--x-->text<?pi y?></saml:Advice>")),
        Case(
            name: "assertion, rsa-sha1 (legacy)",
            document: assertion(T(referenceURI: "#_a1", signatureMethod: SignatureAlgorithm.rsaSHA1.uri, digestMethod: DigestAlgorithm.sha1.uri)),
            policy: .legacy),
        Case(name: "response, URI=#ID", document: SAMLDocument.response(responseSignature: T(referenceURI: "#_r1").xml)),
        Case(name: "response, URI=\"\" on the document element", document: SAMLDocument.response(responseSignature: T(referenceURI: "").xml)),
        Case(
            name: "response, URI=\"\" with a prolog and trailing comment",
            document: "<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"a.xsl\"?>\n<!-- before -->\n"
                + SAMLDocument.response(responseSignature: T(referenceURI: "").xml) + "\n<!-- after --><?after x?>"),
        Case(
            name: "assertion, c14n 1.1 with xml:base on ancestors",
            document: assertion(
                T(referenceURI: "#_a1", canonicalizationMethod: T.c14n11, transforms: [T.transform(T.enveloped), T.transform(T.c14n11)])
            )
            .replacingOccurrences(of: "xml:lang=\"en\"", with: "xml:lang=\"en\" xml:base=\"http://idp.example.com/a/\"")
            .replacingOccurrences(of: "<saml:Assertion ID=", with: "<saml:Assertion xml:base=\"b/c\" ID=")),
        Case(
            name: "default-namespace assertion inside a prefixed response",
            document: """
                <p:Response xmlns:p="\(SAMLDocument.samlp)" xmlns="\(SAMLDocument.saml)" ID="_r"><Issuer>i</Issuer>\
                <Assertion ID="_a1" xmlns:other="urn:other"><Issuer>i</Issuer>\(T(referenceURI: "#_a1").xml)<Subject><NameID xmlns="">x</NameID></Subject></Assertion>\
                </p:Response>
                """),
        Case(
            name: "1024-bit key (legacy)",
            document: assertion(T(referenceURI: "#_a1")), credential: .idpRSA1024, policy: .legacy),
    ]

    static func signature(in document: [UInt8]) throws -> EnvelopedSignature {
        let tree = try XMLTree.parse(document)
        let element = try #require(tree.root.descendants("Signature", in: XMLSignatureNamespace.dsig).first)
        return try EnvelopedSignature(element)
    }

    @Test(arguments: cases)
    func xmlsecSignedVerifiesWithOurs(_ testCase: Case) throws {
        let signed = try Xmlsec.sign(testCase.document, with: testCase.credential)
        #expect(try Xmlsec.verify(signed, with: testCase.credential).status == 0, "xmlsec1 must accept its own signature")
        let signature = try Self.signature(in: signed)
        let pinned = try testCase.credential.publicKey
        let key = try signature.verify(with: [pinned], policy: testCase.policy)
        #expect(key.isSameKey(as: pinned))
    }

    /// The same documents with one signed character changed: both implementations must refuse.
    @Test(arguments: cases)
    func xmlsecSignedThenTamperedFailsBoth(_ testCase: Case) throws {
        let signed = try Xmlsec.sign(testCase.document, with: testCase.credential)
        let text = String(decoding: signed, as: UTF8.self)
        let tampered = Array(
            text.replacingOccurrences(of: "alice@example.com", with: "alice@example.org").replacingOccurrences(of: ">x<", with: ">y<").utf8)
        #expect(tampered != signed)
        #expect(try Xmlsec.verify(tampered, with: testCase.credential).status != 0)
        expectError(.digestMismatch) { try Self.signature(in: tampered).verify(with: [testCase.credential.publicKey], policy: testCase.policy) }
    }

    // MARK: Our signer, xmlsec1's verifier

    struct SignerCase: CustomTestStringConvertible, Sendable {
        let credential: TestCredential
        let algorithm: SignatureAlgorithm
        let digest: DigestAlgorithm
        let canonicalization: CanonicalizationMethod
        var testDescription: String { "\(credential.name) \(algorithm) \(digest) \(canonicalization)" }
    }

    static let signerCases: [SignerCase] =
        [SignatureAlgorithm.rsaSHA256, .rsaSHA384, .rsaSHA512].flatMap { algorithm in
            [DigestAlgorithm.sha256, .sha384, .sha512].map {
                SignerCase(credential: .idpRSA, algorithm: algorithm, digest: $0, canonicalization: .exclusive)
            }
        }
        + [SignatureAlgorithm.ecdsaSHA256, .ecdsaSHA384, .ecdsaSHA512].map {
            SignerCase(credential: .idpECDSA, algorithm: $0, digest: $0.digest, canonicalization: .exclusive)
        }
        + [
            CanonicalizationMethod.exclusive(withComments: true, inclusivePrefixes: []), .inclusive10(withComments: false),
            .inclusive10(withComments: true), .inclusive11(withComments: false),
        ].map { SignerCase(credential: .idpRSA, algorithm: .rsaSHA256, digest: .sha256, canonicalization: $0) }

    @Test(arguments: signerCases)
    func ourSignatureVerifiesWithXmlsec(_ testCase: SignerCase) throws {
        let tree = try XMLTree.parse(SAMLDocument.response(assertionExtra: "<!-- a comment the digest skips -->").bytes)
        let assertion = try #require(tree.root.firstChild("Assertion", in: "urn:oasis:names:tc:SAML:2.0:assertion"))
        let issuer = try #require(assertion.firstChild("Issuer", in: "urn:oasis:names:tc:SAML:2.0:assertion"))
        let signer = EnvelopedSignatureSigner(
            key: try testCase.credential.privateKey, certificate: try testCase.credential.certificate, signatureAlgorithm: testCase.algorithm,
            digestAlgorithm: testCase.digest, canonicalization: testCase.canonicalization)
        let signatureElement = try signer.sign(assertion, after: issuer)
        #expect(Array(assertion.children).map(\.localName).prefix(2) == ["Issuer", "Signature"])

        let serialized = tree.serialized()
        let result = try Xmlsec.verify(serialized, with: testCase.credential)
        #expect(result.status == 0, "xmlsec1: \(result.output)")
        #expect(result.output.contains("OK"))
        // And ours, on the same tree and on the serialized bytes.
        let pinned = try testCase.credential.publicKey
        try EnvelopedSignature(signatureElement).verify(with: [pinned], policy: .strict)
        try Self.signature(in: serialized).verify(with: [pinned], policy: .strict)
        // The signer's certificate is in KeyInfo for the IdP's metadata consumers, never used by us.
        #expect(try Self.signature(in: serialized).keyInfoCertificates == [testCase.credential.certificate.base64])
    }

    @Test func ourSignatureOnTheResponseVerifiesWithXmlsec() throws {
        let tree = try XMLTree.parse(SAMLDocument.response().bytes)
        let issuer = try #require(tree.root.firstChild("Issuer", in: "urn:oasis:names:tc:SAML:2.0:assertion"))
        let signer = EnvelopedSignatureSigner(key: try TestCredential.idpRSA.privateKey, certificate: nil, signatureAlgorithm: .rsaSHA256)
        try signer.sign(tree.root, after: issuer)
        let result = try Xmlsec.verify(tree.serialized(), with: .idpRSA)
        #expect(result.status == 0, "xmlsec1: \(result.output)")
        #expect(try Xmlsec.verify(tree.serialized(), with: .attackerRSA).status != 0)
    }

    /// Okta and SimpleSAMLphp sign both: the Response digest then covers the assertion's Signature.
    @Test func ourResponseAndAssertionSignaturesVerifyWithXmlsec() throws {
        let tree = try XMLTree.parse(SAMLDocument.response().bytes)
        let saml: StaticString = "urn:oasis:names:tc:SAML:2.0:assertion"
        let assertion = try #require(tree.root.firstChild("Assertion", in: saml))
        let signer = EnvelopedSignatureSigner(key: try TestCredential.idpECDSA.privateKey, certificate: nil, signatureAlgorithm: .ecdsaSHA256)
        let inner = try signer.sign(assertion, after: assertion.firstChild("Issuer", in: saml))
        let outer = try signer.sign(tree.root, after: tree.root.firstChild("Issuer", in: saml))
        let serialized = tree.serialized()
        let result = try Xmlsec.verify(serialized, with: .idpECDSA)  // checks the first Signature: the Response's
        #expect(result.status == 0, "xmlsec1: \(result.output)")
        let pinned = [try TestCredential.idpECDSA.publicKey]
        try EnvelopedSignature(outer).verify(with: pinned, policy: .strict)
        try EnvelopedSignature(inner).verify(with: pinned, policy: .strict)
        let reparsed = try XMLTree.parse(serialized)
        let signatures = reparsed.root.descendants("Signature", in: XMLSignatureNamespace.dsig)
        #expect(signatures.count == 2)
        for signature in signatures {
            try EnvelopedSignature(signature).verify(with: pinned, policy: .strict)
        }
    }

    /// A PrefixList the signer canonicalizes with must also be written into the signature, or no
    /// verifier can reproduce the digest. The xs prefix is declared on the Response and used only in
    /// attribute values, which is exactly when SAML signers need it.
    @Test func signerWithInclusivePrefixesVerifiesWithXmlsecAndOurs() throws {
        let tree = try XMLTree.parse(SAMLDocument.response().bytes)
        let assertion = try #require(tree.root.firstChild("Assertion", in: "urn:oasis:names:tc:SAML:2.0:assertion"))
        let signer = EnvelopedSignatureSigner(
            key: try TestCredential.idpRSA.privateKey, certificate: nil, signatureAlgorithm: .rsaSHA256,
            canonicalization: .exclusive(withComments: false, inclusivePrefixes: ["xs"]))
        let element = try signer.sign(assertion)
        let result = try Xmlsec.verify(tree.serialized(), with: .idpRSA)
        #expect(result.status == 0, "xmlsec1: \(result.output)")
        let signature = try EnvelopedSignature(element)
        #expect(signature.referenceCanonicalization == .exclusive(withComments: false, inclusivePrefixes: ["xs"]))
        try signature.verify(with: [TestCredential.idpRSA.publicKey], policy: .strict)
    }
}
