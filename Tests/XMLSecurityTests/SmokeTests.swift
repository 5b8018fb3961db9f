import Foundation
import Testing
import XMLSecurity

@Suite struct SmokeTests {
    @Test(arguments: ["okta-oktapreview", "google-workspace", "entra-id-azuread", "keycloak", "adfs", "pingfederate", "onelogin", "simplesamlphp", "auth0", "oracle-access-manager", "oktadev-wrong-audience", "oktadev-expired-conditions", "oktadev-status-failure", "olgn09-wrong-destination"])
    func verifiesFixture(_ name: String) throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/fixtures/saml/\(name)")
        let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent("response.xml")))
        let cert = try X509Certificate(pem: String(contentsOf: dir.appendingPathComponent("idp-cert.pem"), encoding: .utf8))
        let tree = try XMLTree.parse(bytes)
        let sigs = tree.root.descendants("Signature", in: XMLSignatureNamespace.dsig)
        #expect(!sigs.isEmpty)
        for sig in sigs {
            let s = try EnvelopedSignature(sig)
            try s.verify(with: [cert.publicKey], policy: .legacy)
        }
    }
}
