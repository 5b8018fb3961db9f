import Foundation
import Testing
import XMLSecurity

/// One case of the shared real-IdP fixtures (`../shared/fixtures/saml/<case>/`).
struct SAMLFixture: CustomTestStringConvertible, Sendable {
    let name: String

    struct Spec: Decodable, Sendable {
        let expect: String
        let signatureAlgorithm: String?
        let spDecryptionKey: String?

        enum CodingKeys: String, CodingKey {
            case expect
            case signatureAlgorithm = "signature_algorithm"
            case spDecryptionKey = "sp_decryption_key"
        }
    }

    var testDescription: String { name }

    var directory: URL { TestPaths.samlFixtures.appendingPathComponent(name) }

    var spec: Spec {
        get throws { try JSONDecoder().decode(Spec.self, from: Data(contentsOf: directory.appendingPathComponent("case.json"))) }
    }

    var responseBytes: [UInt8] {
        get throws { try [UInt8](Data(contentsOf: directory.appendingPathComponent("response.xml"))) }
    }

    var certificate: X509Certificate {
        get throws { try X509Certificate(pem: String(contentsOf: directory.appendingPathComponent("idp-cert.pem"), encoding: .utf8)) }
    }

    /// Every case directory. An empty list would make the parameterised tests vacuous, so the
    /// fixture-count test checks it separately.
    static let all: [SAMLFixture] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.samlFixtures.path)) ?? []
        return names.sorted()
            .filter { FileManager.default.fileExists(atPath: TestPaths.samlFixtures.appendingPathComponent("\($0)/response.xml").path) }
            .map(SAMLFixture.init(name:))
    }()

    static let accepted: [SAMLFixture] = all.filter { (try? $0.spec.expect) == "accept" }

    static func named(_ name: String) -> SAMLFixture { SAMLFixture(name: name) }
}
