import Foundation
import XMLSecurity

/// Where the suite's inputs live, found from this file's own path so tests run from any directory.
enum TestPaths {
    /// The package root: this file is `Tests/XMLSecurityTests/Support/TestCredentials.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let certificates = packageRoot.appendingPathComponent("Certificates")

    /// Real IdP responses shared with the SAML tests (read-only).
    static let samlFixtures = packageRoot.appendingPathComponent("../shared/fixtures/saml").standardizedFileURL
}

/// A TEST-ONLY key pair from `Certificates/` (see its README), with the paths the CLI tools take.
struct TestCredential {
    let name: String

    static let idpRSA = TestCredential(name: "test-idp-rsa")
    static let idpECDSA = TestCredential(name: "test-idp-ecdsa")
    static let attackerRSA = TestCredential(name: "test-attacker-rsa")
    static let idpRSA1024 = TestCredential(name: "test-idp-rsa1024")
    static let spSigning = TestCredential(name: "sp-signing")

    var keyPath: String { TestPaths.certificates.appendingPathComponent("\(name).key.pem").path }
    var certificatePath: String { TestPaths.certificates.appendingPathComponent("\(name).cert.pem").path }

    var keyPEM: String { get throws { try String(contentsOfFile: keyPath, encoding: .utf8) } }
    var certificatePEM: String { get throws { try String(contentsOfFile: certificatePath, encoding: .utf8) } }

    var privateKey: PrivateKey { get throws { try PrivateKey(pem: keyPEM) } }
    var certificate: X509Certificate { get throws { try X509Certificate(pem: certificatePEM) } }
    var publicKey: PublicKey { get throws { try certificate.publicKey } }
}
