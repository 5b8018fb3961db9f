import Foundation
import XMLSecurity

/// A `ds:Signature` element as text, with every part a test may want to vary. Empty DigestValue and
/// SignatureValue make it an xmlsec1 signing template; filled-in values make it a verifier input.
struct SignatureTemplate {
    static let exc = "http://www.w3.org/2001/10/xml-exc-c14n#"
    static let excWithComments = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
    static let c14n10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    static let c14n11 = "http://www.w3.org/2006/12/xml-c14n11"
    static let enveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    static let rsaSHA256 = SignatureAlgorithm.rsaSHA256.uri
    static let sha256 = DigestAlgorithm.sha256.uri

    var referenceURI: String
    var signatureMethod = rsaSHA256
    var canonicalizationMethod = exc
    var signedInfoPrefixList: String?
    /// The Transform elements, in order; `nil` leaves out the Transforms element entirely.
    var transforms: [String]? = [Self.transform(enveloped), Self.transform(exc)]
    var digestMethod = sha256
    var digestValue = ""
    var signatureValue = ""
    var keyInfo = ""
    /// Raw XML appended inside SignedInfo after the Reference (a second Reference, say).
    var extraSignedInfo = ""
    /// Raw XML appended after KeyInfo (a ds:Object, say).
    var extraSignature = ""

    static func transform(_ algorithm: String, prefixList: String? = nil, body: String = "") -> String {
        let inclusive = prefixList.map { "<ec:InclusiveNamespaces xmlns:ec=\"\(exc)\" PrefixList=\"\($0)\"/>" } ?? ""
        return "<ds:Transform Algorithm=\"\(algorithm)\">\(inclusive)\(body)</ds:Transform>"
    }

    var xml: String {
        let signedInfoInclusive =
            signedInfoPrefixList.map { "<ec:InclusiveNamespaces xmlns:ec=\"\(Self.exc)\" PrefixList=\"\($0)\"/>" } ?? ""
        let transformsXML = transforms.map { "<ds:Transforms>\($0.joined())</ds:Transforms>" } ?? ""
        return """
            <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>\
            <ds:CanonicalizationMethod Algorithm="\(canonicalizationMethod)">\(signedInfoInclusive)</ds:CanonicalizationMethod>\
            <ds:SignatureMethod Algorithm="\(signatureMethod)"/>\
            <ds:Reference URI="\(referenceURI)">\(transformsXML)<ds:DigestMethod Algorithm="\(digestMethod)"/>\
            <ds:DigestValue>\(digestValue)</ds:DigestValue></ds:Reference>\(extraSignedInfo)</ds:SignedInfo>\
            <ds:SignatureValue>\(signatureValue)</ds:SignatureValue>\(keyInfo)\(extraSignature)</ds:Signature>
            """
    }
}

/// SAML-shaped documents to sign. Namespaces the assertion uses are declared on the Response, so a
/// subtree canonicalization must pull them in from ancestors.
enum SAMLDocument {
    static let samlp = "urn:oasis:names:tc:SAML:2.0:protocol"
    static let saml = "urn:oasis:names:tc:SAML:2.0:assertion"
    static let idAttributes = ["--id-attr:ID", "\(saml):Assertion", "--id-attr:ID", "\(samlp):Response"]

    /// A Response whose Assertion `_a1` holds `assertionSignature` right after its Issuer, and whose
    /// own Signature slot (after the Response Issuer) holds `responseSignature`.
    static func response(assertionSignature: String = "", responseSignature: String = "", assertionExtra: String = "") -> String {
        """
        <samlp:Response xmlns:samlp="\(samlp)" xmlns:saml="\(saml)" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:unused="urn:unused" xml:lang="en" ID="_r1" Version="2.0" \
        IssueInstant="2026-01-01T00:00:00Z" Destination="https://sp.example.com/acs">
          <saml:Issuer>https://idp.example.com</saml:Issuer>\(responseSignature)
          <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
          <saml:Assertion ID="_a1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">
            <saml:Issuer>https://idp.example.com</saml:Issuer>\(assertionSignature)
            <saml:Subject>
              <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">alice@example.com</saml:NameID>
            </saml:Subject>
            <saml:AttributeStatement>
              <saml:Attribute Name="role"><saml:AttributeValue xsi:type="xs:string">admin &amp; owner</saml:AttributeValue></saml:Attribute>
              <saml:Attribute Name="note"><saml:AttributeValue xsi:type="xs:string" note="tab&#9;cr&#13;">x<![CDATA[<y>]]></saml:AttributeValue></saml:Attribute>
            </saml:AttributeStatement>\(assertionExtra)
          </saml:Assertion>
        </samlp:Response>
        """
    }
}

/// Signs and verifies with xmlsec1, the reference implementation of XML-DSig.
enum Xmlsec {
    static func sign(_ template: String, with credential: TestCredential) throws -> [UInt8] {
        try TemporaryDirectory.with { directory in
            let input = try directory.write(template, to: "template.xml")
            let output = directory.file("signed.xml").path
            try ExternalTool.xmlsec1.runExpectingSuccess(
                ["--sign", "--privkey-pem", "\(credential.keyPath),\(credential.certificatePath)"] + SAMLDocument.idAttributes
                    + ["--output", output, input])
            return try directory.read("signed.xml")
        }
    }

    /// xmlsec1's verdict on the first Signature in the document, checked with `credential`'s certificate only.
    static func verify(_ document: [UInt8], with credential: TestCredential) throws -> ExternalTool.Result {
        try TemporaryDirectory.with { directory in
            let input = try directory.write(document, to: "signed.xml")
            return try ExternalTool.xmlsec1.run(["--verify", "--pubkey-cert-pem", credential.certificatePath] + SAMLDocument.idAttributes + [input])
        }
    }
}
