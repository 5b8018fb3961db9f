import Foundation
import XMLSecurity

/// The TEST-ONLY key pairs in Certificates/ (see Certificates/README.md).
enum TestKeys {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ name: String) -> String {
        packageRoot.appendingPathComponent("Certificates/\(name)").path
    }

    static func pem(_ name: String) -> String {
        (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? ""
    }

    struct Pair {
        let name: String
        let key: PrivateKey
        let certificate: X509Certificate
        var keyPath: String { TestKeys.path("\(name).key.pem") }
        var certificatePath: String { TestKeys.path("\(name).cert.pem") }
    }

    static func pair(_ name: String) throws -> Pair {
        Pair(
            name: name, key: try PrivateKey(pem: pem("\(name).key.pem")),
            certificate: try X509Certificate(pem: pem("\(name).cert.pem")))
    }

    static var idpRSA: Pair { get throws { try pair("test-idp-rsa") } }
    static var idpECDSA: Pair { get throws { try pair("test-idp-ecdsa") } }
    static var attacker: Pair { get throws { try pair("test-attacker-rsa") } }
    static var weakRSA: Pair { get throws { try pair("test-idp-rsa1024") } }
    static var serviceProvider: Pair { get throws { try pair("sp-signing") } }
}
