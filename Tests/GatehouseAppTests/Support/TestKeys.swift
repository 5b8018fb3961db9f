import Foundation
import GatehouseApp
import GatehouseStore
import XMLSecurity

/// The TEST-ONLY key pairs in Certificates/ (see Certificates/README.md).
enum TestKeys {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ name: String) -> String {
        packageRoot.appendingPathComponent("Certificates/\(name)").path
    }

    static func pem(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    static func key(_ name: String) throws -> PrivateKey { try PrivateKey(pem: pem("\(name).key.pem")) }
    static func certificate(_ name: String) throws -> X509Certificate { try X509Certificate(pem: pem("\(name).cert.pem")) }
}
