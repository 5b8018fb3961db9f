import Foundation
import SAML
import XMLSecurity

/// The benchmark's input: a ~7 KB Response with one Assertion signed by the test IdP's RSA-2048 key
/// (SHA-256, exclusive C14N, KeyInfo with the certificate, as IdPs send it) and five attributes.
struct BenchmarkResponse {
    let bytes: [UInt8]
    let path: String
    let certificatePath: String
    let validator: ResponseValidator
    let replayCache: InMemoryAssertionReplayCache
    let requestID = "_benchmark-request-0001"
    let now: Date

    static func make() throws -> BenchmarkResponse {
        let certificates = PackagePaths.root.appendingPathComponent("Certificates")
        let certificatePath = certificates.appendingPathComponent("test-idp-rsa.cert.pem").path
        let key = try PrivateKey(pem: String(contentsOf: certificates.appendingPathComponent("test-idp-rsa.key.pem"), encoding: .utf8))
        let certificate = try X509Certificate(pem: String(contentsOfFile: certificatePath, encoding: .utf8))
        let minter = try TestResponseMinter(key: key, certificate: certificate)
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let sp = ServiceProvider(
            entityID: "https://support.example.com/saml/metadata", assertionConsumerServiceURL: "https://support.example.com/saml/acs")
        let groups = (1...9).map {
            "cn=customer-support-portal-group-\($0),ou=support-groups,ou=europe-west,ou=regions,dc=customers,dc=example,dc=com"
        }
        var response = TestResponse(
            issuer: "https://login.example-idp.com/saml2/idp/metadata.php", audience: sp.entityID,
            assertionConsumerServiceURL: sp.assertionConsumerServiceURL, nameID: "jane.customer@example.com",
            attributes: [
                ("urn:oid:0.9.2342.19200300.100.1.3", ["jane.customer@example.com"]),
                ("urn:oid:2.5.4.42", ["Jane"]),
                ("urn:oid:2.5.4.4", ["Customer"]),
                ("urn:oid:2.16.840.1.113730.3.1.241", ["Jane Customer"]),
                ("http://schemas.xmlsoap.org/claims/Group", groups),
            ],
            inResponseTo: "_benchmark-request-0001", issueInstant: now.addingTimeInterval(-5))
        response.responseID = "_b7c0a1f3e9d24c6b8a5f0e1d2c3b4a5968778695"
        response.assertionID = "_a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
        response.sessionIndex = "_s1e2s3s4i5o6n7i8n9d0e1x2"
        let bytes = try minter.mint(response, signing: .assertion)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-benchmark-response.xml").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let idp = try IdentityProvider(entityID: response.issuer, signingCertificates: [certificate])
        let cache = InMemoryAssertionReplayCache()
        return BenchmarkResponse(
            bytes: bytes, path: path, certificatePath: certificatePath,
            validator: ResponseValidator(serviceProvider: sp, identityProvider: idp, replayCache: cache), replayCache: cache, now: now)
    }
}
