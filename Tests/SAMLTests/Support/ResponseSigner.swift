import Foundation
import SAML
import Testing
import XMLSecurity

/// Who signs a test response: our own signer, or xmlsec1 — so that every attack is also run against
/// signatures our code did not produce.
enum ResponseSigner: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case gatehouse
    case xmlsec1

    var testDescription: String { rawValue }

    /// `xml` (an unsigned Response from ``TestResponse``) with `parts` signed by the test IdP's RSA key.
    func sign(_ xml: String, parts: TestResponseMinter.SignedParts, login: TestLogin) throws -> String {
        switch self {
        case .gatehouse:
            return try login.mint(xml: xml, signing: parts)
        case .xmlsec1:
            var document = xml
            if parts == .assertion || parts == .both {
                document = try Self.xmlsec1Sign(
                    document, templateAfter: "<saml:Issuer>", occurrence: 2, referenceID: Self.id(of: "<saml:Assertion ", in: document), login: login)
            }
            if parts == .response || parts == .both {
                document = try Self.xmlsec1Sign(
                    document, templateAfter: "<saml:Issuer>", occurrence: 1, referenceID: Self.id(of: "<samlp:Response ", in: document), login: login)
            }
            return document
        }
    }

    private static func id(of startTag: String, in xml: String) -> String {
        let start = xml.range(of: startTag)!
        let id = xml.range(of: "ID=\"", range: start.lowerBound..<xml.endIndex)!
        let end = xml[id.upperBound...].firstIndex(of: "\"")!
        return String(xml[id.upperBound..<end])
    }

    /// Inserts a signature template after the `occurrence`-th Issuer element and lets xmlsec1 fill it in.
    private static func xmlsec1Sign(_ xml: String, templateAfter issuerTag: String, occurrence: Int, referenceID: String, login: TestLogin) throws
        -> String
    {
        var document = xml
        var searchStart = document.startIndex
        var issuerEnd: Range<String.Index>?
        for _ in 0..<occurrence {
            guard let open = document.range(of: issuerTag, range: searchStart..<document.endIndex),
                let close = document.range(of: "</saml:Issuer>", range: open.upperBound..<document.endIndex)
            else { fatalError("no Issuer #\(occurrence)") }
            issuerEnd = close
            searchStart = close.upperBound
        }
        document.insert(contentsOf: template(referenceID: referenceID), at: issuerEnd!.upperBound)
        let scratch = try ScratchDirectory()
        let input = try scratch.write("template.xml", Data(document.utf8))
        let output = scratch.path("signed.xml")
        let result = try ExternalTool("xmlsec1").run([
            "--sign", "--privkey-pem", "\(login.idp.keyPath),\(login.idp.certificatePath)",
            "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
            "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
            "--output", output, input,
        ])
        guard result.status == 0 else { throw SigningFailed(message: result.stderr) }
        return try String(contentsOfFile: output, encoding: .utf8)
    }

    struct SigningFailed: Error { let message: String }

    static func template(referenceID: String) -> String {
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo>"
            + "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>"
            + "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>"
            + "<ds:Reference URI=\"#\(referenceID)\"><ds:Transforms>"
            + "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>"
            + "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:Transforms>"
            + "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue></ds:DigestValue></ds:Reference>"
            + "</ds:SignedInfo><ds:SignatureValue></ds:SignatureValue><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>"
    }
}
