import Foundation
import SAML
import Testing
import XMLSecurity

/// One directory of `../shared/fixtures/saml/`: a response from a real IdP or a published attack.
struct FixtureCase: CustomTestStringConvertible, Sendable {
    let name: String
    let directory: URL
    let spec: Spec

    struct Spec: Decodable, Sendable {
        let idp_entity_id: String
        let sp_entity_id: String
        let acs_url: String
        let in_response_to: String?
        let valid_at: String
        let signature_algorithm: String?
        let expect: String
        let name_id: String?
        let name_id_format: String?
        let attributes: [String: [String]]?
        let reason: String?
        let sp_decryption_key: String?
    }

    var testDescription: String { name }

    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../../shared/fixtures/saml").standardizedFileURL

    static func all() -> [FixtureCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            let directory = root.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: directory.appendingPathComponent("case.json")),
                let spec = try? JSONDecoder().decode(Spec.self, from: data)
            else { return nil }
            return FixtureCase(name: name, directory: directory, spec: spec)
        }
    }

    static var accepted: [FixtureCase] { all().filter { $0.spec.expect == "accept" } }
    static var rejected: [FixtureCase] { all().filter { $0.spec.expect == "reject" } }

    var usesSHA1: Bool { spec.signature_algorithm?.hasSuffix("sha1") == true }

    var responseBytes: [UInt8] {
        get throws { try [UInt8](Data(contentsOf: directory.appendingPathComponent("response.xml"))) }
    }

    var validAt: Date { SAMLDateTime.parse(spec.valid_at)! }

    func validator(allowsSHA1: Bool, allowsUnsolicited: Bool? = nil, replayCache: any AssertionReplayCache = InMemoryAssertionReplayCache())
        throws -> ResponseValidator
    {
        let pem = try String(contentsOf: directory.appendingPathComponent("idp-cert.pem"), encoding: .utf8)
        let idp = try IdentityProvider(
            entityID: spec.idp_entity_id, signingCertificates: [X509Certificate(pem: pem)],
            options: .init(allowsSHA1: allowsSHA1, allowsUnsolicited: allowsUnsolicited ?? (spec.in_response_to == nil)))
        var decryptor: XMLDecryptor?
        if let keyFile = spec.sp_decryption_key {
            let keyPEM = try String(contentsOf: directory.appendingPathComponent(keyFile), encoding: .utf8)
            decryptor = try XMLDecryptor(key: PrivateKey(pem: keyPEM))
        }
        let sp = ServiceProvider(entityID: spec.sp_entity_id, assertionConsumerServiceURL: spec.acs_url, decryptor: decryptor)
        return ResponseValidator(serviceProvider: sp, identityProvider: idp, replayCache: replayCache)
    }
}
