import Foundation
import SAML
import Testing
import XMLSecurity

@Suite struct ServiceProviderMetadataTests {
    @Test("Our metadata says what an IdP needs: entityID, ACS, formats, certificates, signed assertions")
    func content() throws {
        var sp = ServiceProvider(entityID: "https://support.example.com/saml/metadata?tenant=a&b", assertionConsumerServiceURL: TestLogin.acsURL)
        sp.signingKey = try TestKeys.serviceProvider.key
        sp.signingCertificate = try TestKeys.serviceProvider.certificate
        sp.encryptionCertificate = try TestKeys.serviceProvider.certificate
        let xml = ServiceProviderMetadata.xml(for: sp)
        let tree = try XMLTree.parse(Array(xml.utf8))
        let root = tree.root
        #expect(root.is("EntityDescriptor", in: SAMLNamespace.metadata))
        #expect(root.attribute("entityID") == sp.entityID)
        let descriptor = try #require(root.firstChild("SPSSODescriptor", in: SAMLNamespace.metadata))
        #expect(descriptor.attribute("WantAssertionsSigned") == "true")
        #expect(descriptor.attribute("AuthnRequestsSigned") == "true")
        let acs = try #require(descriptor.firstChild("AssertionConsumerService", in: SAMLNamespace.metadata))
        #expect(acs.attribute("Location") == TestLogin.acsURL)
        #expect(acs.attribute("Binding") == SAMLIdentifier.httpPostBinding)
        let uses = descriptor.children("KeyDescriptor", in: SAMLNamespace.metadata).map { $0.attribute("use") }
        #expect(uses == ["signing", "encryption"])
        let certificate = try #require(descriptor.descendants("X509Certificate", in: XMLSignatureNamespace.dsig).first)
        #expect(try X509Certificate(base64: certificate.textContent).der == sp.signingCertificate!.der)
        #expect(descriptor.children("NameIDFormat", in: SAMLNamespace.metadata).map(\.textContent) == sp.nameIDFormats)
    }

    @Test("Without a signing key, AuthnRequests are not announced as signed")
    func unsigned() throws {
        let xml = ServiceProviderMetadata.xml(for: ServiceProvider(entityID: TestLogin.spEntityID, assertionConsumerServiceURL: TestLogin.acsURL))
        let descriptor = try #require(try XMLTree.parse(Array(xml.utf8)).root.firstChild("SPSSODescriptor", in: SAMLNamespace.metadata))
        #expect(descriptor.attribute("AuthnRequestsSigned") == "false")
        #expect(descriptor.children("KeyDescriptor", in: SAMLNamespace.metadata).isEmpty)
    }

    @Test("xmllint reads it as well-formed XML")
    func wellFormedForOthers() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write(
            "sp.xml",
            Data(ServiceProviderMetadata.xml(for: ServiceProvider(entityID: "a\"<&>", assertionConsumerServiceURL: "https://x/acs?a=1&b=2")).utf8))
        let result = try ExternalTool("xmllint").run(["--noout", file])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
