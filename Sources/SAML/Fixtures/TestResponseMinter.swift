import Foundation
import XMLSecurity

/// Mints signed SAML Responses and the matching IdP metadata with a test key, for integration tests
/// of teams adopting Gatehouse (`gatehouse fixtures saml`) and for our own attack tests.
public struct TestResponseMinter: Sendable {
    public enum SignedParts: String, Sendable, CaseIterable {
        case response, assertion, both, none
    }

    public let key: PrivateKey
    public let certificate: X509Certificate
    public let signatureAlgorithm: SignatureAlgorithm
    public let digestAlgorithm: DigestAlgorithm

    public init(
        key: PrivateKey, certificate: X509Certificate, signatureAlgorithm: SignatureAlgorithm? = nil, digestAlgorithm: DigestAlgorithm = .sha256
    )
        throws(SAMLError)
    {
        guard key.publicKey.isSameKey(as: certificate.publicKey) else {
            throw SAMLError(.configurationInvalid, "The test key does not belong to the test certificate.")
        }
        self.key = key
        self.certificate = certificate
        self.signatureAlgorithm = signatureAlgorithm ?? (key.publicKey.matches(.rsaSHA256) ? .rsaSHA256 : .ecdsaSHA256)
        self.digestAlgorithm = digestAlgorithm
    }

    /// The Response XML with the requested parts signed (the assertion first, so a Response signature
    /// covers the signed assertion, as IdPs do).
    public func mint(_ response: TestResponse, signing parts: SignedParts) throws(SAMLError) -> [UInt8] {
        try mint(xml: response.xml, signing: parts)
    }

    /// Signs any Response document: for tests that need a response ``TestResponse`` cannot describe
    /// (a missing AudienceRestriction, an unknown condition) but that must still be correctly signed.
    public func mint(xml: String, signing parts: SignedParts) throws(SAMLError) -> [UInt8] {
        do {
            let tree = try XMLTree.parse(Array(xml.utf8))
            let signer = EnvelopedSignatureSigner(
                key: key, certificate: certificate, signatureAlgorithm: signatureAlgorithm, digestAlgorithm: digestAlgorithm)
            let root = tree.root
            if parts == .assertion || parts == .both, let assertion = root.firstChild("Assertion", in: SAMLNamespace.assertion) {
                try signer.sign(assertion, after: assertion.firstChild("Issuer", in: SAMLNamespace.assertion))
            }
            if parts == .response || parts == .both {
                try signer.sign(root, after: root.firstChild("Issuer", in: SAMLNamespace.assertion))
            }
            return tree.serialized()
        } catch {
            throw SAMLError(.configurationInvalid, "Minting failed: \(error.message)")
        }
    }

    /// IdP metadata that pins this minter's certificate.
    public func identityProviderMetadata(entityID: String, singleSignOnURL: String) -> String {
        let e = XMLText.escaped
        return """
            <md:EntityDescriptor xmlns:md="\(SAMLNamespace.metadata)" xmlns:ds="\(XMLSignatureNamespace.dsig)" entityID="\(e(entityID))">
              <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="\(SAMLIdentifier.protocolSupport)">
            \(KeyDescriptorXML.xml(use: "signing", certificate: certificate, indent: 4))
                <md:NameIDFormat>\(SAMLIdentifier.emailNameIDFormat)</md:NameIDFormat>
                <md:NameIDFormat>\(SAMLIdentifier.persistentNameIDFormat)</md:NameIDFormat>
                <md:SingleSignOnService Binding="\(SAMLIdentifier.httpRedirectBinding)" Location="\(e(singleSignOnURL))"/>
                <md:SingleSignOnService Binding="\(SAMLIdentifier.httpPostBinding)" Location="\(e(singleSignOnURL))"/>
              </md:IDPSSODescriptor>
            </md:EntityDescriptor>

            """
    }
}
