import Foundation
import SAML
import Testing
import XMLSecurity

/// Importing IdP metadata: what an IT admin feeds Gatehouse.
@Suite struct IdentityProviderMetadataTests {
    static func fixtureMetadata(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: FixtureCase.root.appendingPathComponent("\(name)/idp-metadata.xml")))
    }

    @Test(
        "Real IdP metadata: entityID, signing certificates, SSO endpoints",
        arguments: ["google-workspace", "onelogin", "shibboleth-testshib-encrypted"])
    func realMetadata(_ name: String) throws {
        let metadata = try IdentityProviderMetadata.parse(Self.fixtureMetadata(name))
        let fixture = try #require(FixtureCase.all().first { $0.name == name })
        #expect(metadata.entityID == fixture.spec.idpEntityId)
        #expect(!metadata.singleSignOnServices.isEmpty)
        // The certificate the fixture pins is among the metadata's signing certificates.
        let pinned = try X509Certificate(pem: String(contentsOf: fixture.directory.appendingPathComponent("idp-cert.pem"), encoding: .utf8))
        #expect(metadata.signingCertificates.contains { $0.der == pinned.der })
    }

    @Test("A fixture response verifies against the IdP built from its metadata")
    func metadataDrivesValidation() throws {
        let fixture = try #require(FixtureCase.accepted.first { $0.name == "google-workspace" })
        let idp = try IdentityProvider(metadata: IdentityProviderMetadata.parse(Self.fixtureMetadata(fixture.name)))
        let validator = ResponseValidator(
            serviceProvider: ServiceProvider(entityID: fixture.spec.spEntityId, assertionConsumerServiceURL: fixture.spec.acsUrl),
            identityProvider: idp, replayCache: InMemoryAssertionReplayCache())
        let identity = try validator.validate(try fixture.responseBytes, expectedRequestID: fixture.spec.inResponseTo, now: fixture.validAt)
        #expect(identity.nameID == "ross@octolabs.io")
    }

    static func entity(_ entityID: String, certificates: [X509Certificate], use: String? = "signing", sso: Bool = true) -> String {
        let keys = certificates.map { certificate in
            "<md:KeyDescriptor\(use.map { " use=\"\($0)\"" } ?? "")><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(certificate.base64)</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        }.joined()
        let services =
            sso
            ? "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"https://idp.example.org/sso\"/>" : ""
        return
            "<md:EntityDescriptor entityID=\"\(entityID)\"><md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\(keys)<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>\(services)</md:IDPSSODescriptor></md:EntityDescriptor>"
    }

    static func document(_ body: String, aggregate: Bool = false) -> [UInt8] {
        let ns = "xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""
        if aggregate {
            return Array("<md:EntitiesDescriptor \(ns)>\(body)</md:EntitiesDescriptor>".utf8)
        }
        return Array(body.replacingOccurrences(of: "<md:EntityDescriptor ", with: "<md:EntityDescriptor \(ns) ").utf8)
    }

    @Test("Key rollover: every signing certificate is kept, encryption-only keys are not")
    func rollover() throws {
        let current = try TestKeys.idpRSA.certificate
        let next = try TestKeys.idpECDSA.certificate
        let encryption = try TestKeys.serviceProvider.certificate
        let body = Self.entity("https://idp.example.org", certificates: [current, next])
            .replacingOccurrences(
                of: "<md:NameIDFormat>",
                with:
                    "<md:KeyDescriptor use=\"encryption\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(encryption.base64)</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:NameIDFormat>"
            )
        let metadata = try IdentityProviderMetadata.parse(Self.document(body))
        #expect(metadata.signingCertificates.map(\.der) == [current.der, next.der])
        #expect(metadata.nameIDFormats == [SAMLIdentifier.emailNameIDFormat])
    }

    @Test("A KeyDescriptor without use counts as a signing key")
    func unspecifiedUse() throws {
        let metadata = try IdentityProviderMetadata.parse(
            Self.document(Self.entity("https://idp.example.org", certificates: [try TestKeys.idpRSA.certificate], use: nil)))
        #expect(metadata.signingCertificates.count == 1)
    }

    @Test("An EntitiesDescriptor: pick by entityID, refuse to guess")
    func aggregate() throws {
        let rsa = try TestKeys.idpRSA.certificate
        let body = Self.entity("https://a.example.org", certificates: [rsa]) + Self.entity("https://b.example.org", certificates: [rsa])
        let picked = try IdentityProviderMetadata.parse(Self.document(body, aggregate: true), entityID: "https://b.example.org")
        #expect(picked.entityID == "https://b.example.org")
        #expect(throws: SAMLError(.metadataEntityNotFound, "")) { try IdentityProviderMetadata.parse(Self.document(body, aggregate: true)) }
        #expect(throws: SAMLError(.metadataEntityNotFound, "")) {
            try IdentityProviderMetadata.parse(Self.document(body, aggregate: true), entityID: "https://c.example.org")
        }
    }

    @Test("Metadata without a signing key, without an SSO endpoint, or not metadata at all")
    func refusals() throws {
        let rsa = try TestKeys.idpRSA.certificate
        #expect(throws: SAMLError(.metadataNoSigningKey, "")) {
            try IdentityProviderMetadata.parse(Self.document(Self.entity("https://idp.example.org", certificates: [])))
        }
        #expect(throws: SAMLError(.metadataNoSigningKey, "")) {
            try IdentityProviderMetadata.parse(Self.document(Self.entity("https://idp.example.org", certificates: [rsa], use: "encryption")))
        }
        #expect(throws: SAMLError(.metadataNoSSOEndpoint, "")) {
            try IdentityProviderMetadata.parse(Self.document(Self.entity("https://idp.example.org", certificates: [rsa], sso: false)))
        }
        #expect(throws: SAMLError(.metadataInvalid, "")) { try IdentityProviderMetadata.parse(Array("<html/>".utf8)) }
        #expect(throws: SAMLError(.metadataInvalid, "")) {
            try IdentityProviderMetadata.parse(Array("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>".utf8))
        }
        let badCertificate = Self.entity("https://idp.example.org", certificates: [rsa]).replacingOccurrences(
            of: rsa.base64, with: "bm90IGEgY2VydA==")
        #expect(throws: SAMLError(.metadataInvalid, "")) { try IdentityProviderMetadata.parse(Self.document(badCertificate)) }
    }

    @Test("Minted test metadata round-trips")
    func mintedMetadata() throws {
        let login = try TestLogin()
        let xml = try login.minter().identityProviderMetadata(entityID: TestLogin.idpEntityID, singleSignOnURL: "https://idp.example.org/sso?x=1&y=2")
        let metadata = try IdentityProviderMetadata.parse(Array(xml.utf8))
        #expect(metadata.entityID == TestLogin.idpEntityID)
        #expect(metadata.singleSignOnServices[SAMLIdentifier.httpRedirectBinding] == "https://idp.example.org/sso?x=1&y=2")
        #expect(metadata.signingCertificates.map(\.der) == [login.idp.certificate.der])
    }
}
