import Foundation
import Testing
import XMLSecurity

/// The SAML profile of XML-DSig (saml-core 5.4) enforced before any cryptography: anything outside it
/// is refused by name. DigestValue and SignatureValue are well-formed dummies, so each case can only
/// fail for the structural reason under test.
@Suite struct EnvelopedSignatureTests {
    typealias T = SignatureTemplate

    static let digest = Base64.encode([UInt8](repeating: 1, count: 32))
    static let value = Base64.encode([UInt8](repeating: 2, count: 256))

    static func template(_ uri: String = "#_a1") -> SignatureTemplate {
        T(referenceURI: uri, digestValue: digest, signatureValue: value)
    }

    /// Parses the Signature inside the assertion (or, with `onResponse`, the Response's own).
    static func parse(_ template: SignatureTemplate, onResponse: Bool = false) throws -> EnvelopedSignature {
        let xml =
            onResponse ? SAMLDocument.response(responseSignature: template.xml) : SAMLDocument.response(assertionSignature: template.xml)
        let tree = try XMLTree.parse(xml.bytes)
        let signature = try #require(tree.root.descendants("Signature", in: XMLSignatureNamespace.dsig).first)
        return try EnvelopedSignature(signature)
    }

    @Test func wellFormedTemplateIsAccepted() throws {
        let signature = try Self.parse(Self.template())
        #expect(signature.signedElement.attribute("ID") == "_a1")
        #expect(signature.canonicalization == .exclusive)
        #expect(signature.referenceCanonicalization == .exclusive)
        #expect(signature.signatureAlgorithm == .rsaSHA256)
        #expect(signature.digestAlgorithm == .sha256)
        #expect(!signature.referencesWholeDocument)
        #expect(signature.keyInfoCertificates.isEmpty)
    }

    @Test func prefixListsAreRead() throws {
        var template = Self.template()
        template.signedInfoPrefixList = "xs"
        template.transforms = [T.transform(T.enveloped), T.transform(T.exc, prefixList: " xs\t#default\nsaml ")]
        let signature = try Self.parse(template)
        #expect(signature.canonicalization == .exclusive(withComments: false, inclusivePrefixes: ["xs"]))
        #expect(signature.referenceCanonicalization == .exclusive(withComments: false, inclusivePrefixes: ["xs", "#default", "saml"]))
    }

    // MARK: Shape of Signature and SignedInfo

    @Test func twoReferencesAreRefused() {
        var template = Self.template()
        template.extraSignedInfo =
            "<ds:Reference URI=\"#_r1\"><ds:DigestMethod Algorithm=\"\(T.sha256)\"/><ds:DigestValue>\(Self.digest)</ds:DigestValue></ds:Reference>"
        expectError(.signatureMalformed) { try Self.parse(template) }
    }

    @Test func objectElementIsRefused() {
        var template = Self.template()
        template.extraSignature = "<ds:Object><saml:Assertion ID=\"_evil\"/></ds:Object>"
        expectError(.signatureMalformed) { try Self.parse(template) }
        template.keyInfo = "<ds:KeyInfo><ds:KeyName>k</ds:KeyName></ds:KeyInfo>"
        expectError(.signatureMalformed) { try Self.parse(template) }
    }

    static func parse(signatureXML: String) throws -> EnvelopedSignature {
        let tree = try XMLTree.parse(SAMLDocument.response(assertionSignature: signatureXML).bytes)
        return try EnvelopedSignature(try #require(tree.root.descendants("Signature", in: XMLSignatureNamespace.dsig).first))
    }

    @Test func missingOrMisorderedPartsAreRefused() throws {
        let valid = Self.template().xml
        let variants = [
            valid.replacingOccurrences(of: "<ds:SignatureValue>\(Self.value)</ds:SignatureValue>", with: ""),
            valid.replacingOccurrences(of: "<ds:SignatureMethod Algorithm=\"\(T.rsaSHA256)\"/>", with: ""),
            valid.replacingOccurrences(of: "<ds:DigestValue>\(Self.digest)</ds:DigestValue>", with: ""),
            valid.replacingOccurrences(of: "<ds:SignatureValue>\(Self.value)</ds:SignatureValue>", with: "<ds:SignatureValue></ds:SignatureValue>"),
            valid.replacingOccurrences(of: "<ds:SignatureValue>\(Self.value)", with: "<ds:SignatureValue>!!!!"),
            valid.replacingOccurrences(of: "<ds:DigestValue>\(Self.digest)", with: "<ds:DigestValue>AAAA"),
            valid.replacingOccurrences(of: "<ds:DigestValue>\(Self.digest)", with: "<ds:DigestValue>%%%%"),
            "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignatureValue>\(Self.value)</ds:SignatureValue></ds:Signature>",
            valid.replacingOccurrences(of: "<ds:SignedInfo>", with: "<ds:KeyInfo/><ds:SignedInfo>"),
        ]
        for variant in variants {
            #expect(variant != valid)
            expectError(.signatureMalformed) { try Self.parse(signatureXML: variant) }
        }
    }

    @Test func notASignatureElement() throws {
        let tree = try XMLTree.parse(SAMLDocument.response().bytes)
        expectError(.signatureMalformed) { try EnvelopedSignature(tree.root) }
    }

    @Test func signatureAsDocumentElementIsRefused() throws {
        let tree = try XMLTree.parse(Self.template("").xml.bytes)
        expectError(.referenceNotEnveloping) { try EnvelopedSignature(tree.root) }
    }

    // MARK: Reference target

    @Test func referenceToAnotherElementIsRefused() {
        expectError(.referenceNotEnveloping) { try Self.parse(Self.template("#_r1")) }
        expectError(.referenceNotEnveloping) { try Self.parse(Self.template("#_nonexistent")) }
        expectError(.referenceNotEnveloping) { try Self.parse(Self.template("#_a1"), onResponse: true) }
    }

    @Test func nonSameDocumentReferencesAreRefused() {
        for uri in ["#", "_a1", "http://evil.example/doc#_a1", "#xpointer(id('_a1'))", "#xpointer(/)"] {
            expectError(.referenceNotEnveloping) { try Self.parse(Self.template(uri)) }
        }
        var noURI = Self.template()
        noURI.referenceURI = "\" Id=\"x"  // a Reference without a URI attribute
        expectError(.referenceNotEnveloping) { try Self.parse(noURI) }
    }

    @Test func emptyURIOnANonRootElementIsRefused() {
        expectError(.referenceNotEnveloping) { try Self.parse(Self.template("")) }
    }

    @Test func emptyURIOnTheDocumentElementIsAccepted() throws {
        let signature = try Self.parse(Self.template(""), onResponse: true)
        #expect(signature.referencesWholeDocument)
        #expect(signature.signedElement.localName == "Response")
    }

    @Test func signedElementWithoutIdentifierIsRefused() throws {
        let xml = "<r xmlns:x=\"urn:x\" x:ID=\"_a1\" id=\"_a1\">\(Self.template().xml)</r>"
        let tree = try XMLTree.parse(xml.bytes)
        let element = try #require(tree.root.firstChildElement)
        expectError(.referenceNotEnveloping) { try EnvelopedSignature(element) }
        // The identifier attribute is the caller's choice (xmldsig documents often use Id).
        #expect(try EnvelopedSignature(element, identifierAttribute: "id").signedElement.isSameNode(as: tree.root))
    }

    // MARK: Transforms and algorithms

    static let badTransforms: [(String, [String]?)] = [
        ("no Transforms element", nil),
        ("empty Transforms", []),
        ("exc-c14n without enveloped", [T.transform(T.exc)]),
        ("enveloped not first", [T.transform(T.exc), T.transform(T.enveloped)]),
        ("XPath", [T.transform(T.enveloped), T.transform("http://www.w3.org/TR/1999/REC-xpath-19991116", body: "<ds:XPath>1</ds:XPath>")]),
        ("XPath filter 2", [T.transform(T.enveloped), T.transform("http://www.w3.org/2002/06/xmldsig-filter2")]),
        ("XSLT", [T.transform(T.enveloped), T.transform("http://www.w3.org/TR/1999/REC-xslt-19991116")]),
        ("base64", [T.transform(T.enveloped), T.transform("http://www.w3.org/2000/09/xmldsig#base64")]),
        ("three transforms", [T.transform(T.enveloped), T.transform(T.exc), T.transform(T.exc)]),
        ("enveloped with a child", [T.transform(T.enveloped, body: "<ds:XPath>1</ds:XPath>"), T.transform(T.exc)]),
        ("InclusiveNamespaces on inclusive c14n", [T.transform(T.enveloped), T.transform(T.c14n10, prefixList: "xs")]),
        ("unknown child of the canonicalization", [T.transform(T.enveloped), T.transform(T.exc, body: "<ds:XPath>1</ds:XPath>")]),
    ]

    @Test(arguments: badTransforms)
    func unsupportedTransformsAreRefused(_ name: String, _ transforms: [String]?) {
        var template = Self.template()
        template.transforms = transforms
        expectError(.transformUnsupported) { try Self.parse(template) }
    }

    @Test func unknownCanonicalizationMethodIsRefused() {
        for uri in ["http://www.w3.org/2006/12/xml-c14n11#bogus", "", "http://www.w3.org/2001/10/xml-exc-c14n"] {
            var template = Self.template()
            template.canonicalizationMethod = uri
            expectError(.canonicalizationUnsupported) { try Self.parse(template) }
        }
    }

    @Test func hmacAndUnknownSignatureMethodsAreRefused() {
        let uris = [
            "http://www.w3.org/2000/09/xmldsig#hmac-sha1", "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-md5", "http://www.w3.org/2000/09/xmldsig#dsa-sha1", "",
        ]
        for uri in uris {
            var template = Self.template()
            template.signatureMethod = uri
            expectError(.signatureAlgorithmUnsupported) { try Self.parse(template) }
        }
        // A known method with parameters (HMACOutputLength truncation) is not the method we know.
        let withParameters = Self.template().xml.replacingOccurrences(
            of: "<ds:SignatureMethod Algorithm=\"\(T.rsaSHA256)\"/>",
            with: "<ds:SignatureMethod Algorithm=\"\(T.rsaSHA256)\"><ds:HMACOutputLength>8</ds:HMACOutputLength></ds:SignatureMethod>")
        #expect(withParameters != Self.template().xml)
        expectError(.signatureAlgorithmUnsupported) { try Self.parse(signatureXML: withParameters) }
    }

    @Test func unknownDigestMethodIsRefused() {
        for uri in ["http://www.w3.org/2001/04/xmldsig-more#md5", "http://www.w3.org/2001/04/xmldsig-more#sha224", ""] {
            var template = Self.template()
            template.digestMethod = uri
            expectError(.digestAlgorithmUnsupported) { try Self.parse(template) }
        }
    }
}
