import Foundation
import SAML
import Testing
import XMLSecurity

/// One directory of `../shared/fixtures/saml/`: a response from a real IdP or a published attack.
struct FixtureCase: CustomTestStringConvertible, Sendable {
    let name: String
    let directory: URL
    let spec: Spec

    /// case.json, whose keys are snake_case (see the fixtures' README).
    struct Spec: Decodable, Sendable {
        let idpEntityId: String
        let spEntityId: String
        let acsUrl: String
        let inResponseTo: String?
        let validAt: String
        let signatureAlgorithm: String?
        let expect: String
        let nameId: String?
        let nameIdFormat: String?
        let attributes: [String: [String]]?
        let reason: String?
        let spDecryptionKey: String?
    }

    var testDescription: String { name }

    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../../shared/fixtures/saml").standardizedFileURL

    static func all() -> [FixtureCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            let directory = root.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: directory.appendingPathComponent("case.json")),
                let spec = try? Self.decoder.decode(Spec.self, from: data)
            else { return nil }
            return FixtureCase(name: name, directory: directory, spec: spec)
        }
    }

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    static var accepted: [FixtureCase] { all().filter { $0.spec.expect == "accept" } }
    static var rejected: [FixtureCase] { all().filter { $0.spec.expect == "reject" } }

    var usesSHA1: Bool { spec.signatureAlgorithm?.hasSuffix("sha1") == true }

    var responseBytes: [UInt8] {
        get throws { try [UInt8](Data(contentsOf: directory.appendingPathComponent("response.xml"))) }
    }

    var validAt: Date { SAMLDateTime.parse(spec.validAt)! }

    func validator(allowsSHA1: Bool, allowsUnsolicited: Bool? = nil, replayCache: any AssertionReplayCache = InMemoryAssertionReplayCache())
        throws -> ResponseValidator
    {
        let pem = try String(contentsOf: directory.appendingPathComponent("idp-cert.pem"), encoding: .utf8)
        let idp = try IdentityProvider(
            entityID: spec.idpEntityId, signingCertificates: [X509Certificate(pem: pem)],
            options: .init(allowsSHA1: allowsSHA1, allowsUnsolicited: allowsUnsolicited ?? (spec.inResponseTo == nil)))
        var decryptor: XMLDecryptor?
        if let keyFile = spec.spDecryptionKey {
            let keyPEM = try String(contentsOf: directory.appendingPathComponent(keyFile), encoding: .utf8)
            decryptor = try XMLDecryptor(key: PrivateKey(pem: keyPEM))
        }
        let sp = ServiceProvider(entityID: spec.spEntityId, assertionConsumerServiceURL: spec.acsUrl, decryptor: decryptor)
        return ResponseValidator(serviceProvider: sp, identityProvider: idp, replayCache: replayCache)
    }
}
