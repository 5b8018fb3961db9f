import Foundation
import SAML
import XMLSecurity

/// One SP and one test IdP with fixed names and a pinned clock: the setting every minted-response
/// test starts from, so that each test changes exactly one thing.
struct TestLogin {
    static let spEntityID = "https://support.example.com/saml/metadata"
    static let acsURL = "https://support.example.com/saml/acs"
    static let idpEntityID = "https://idp.example.org/saml/metadata"
    static let requestID = "_4f1c2e9a7b3d5f60718293a4b5c6d7e8f9a0b1c2"
    /// 2030-01-01T00:00:00Z; responses are issued 5 s earlier.
    static let now = Date(timeIntervalSince1970: 1_893_456_000)

    var idp: TestKeys.Pair
    var options = IdentityProvider.Options()
    var decryptionKey: PrivateKey?
    /// Shared across validations only when a test sets it (replay tests); otherwise each validation
    /// gets a fresh cache, so tests may validate several responses that reuse the fixed IDs.
    var replayCache: InMemoryAssertionReplayCache?

    init(idp: TestKeys.Pair? = nil) throws {
        self.idp = try idp ?? TestKeys.idpRSA
    }

    /// A valid, solicited response for alice; tests then break one thing.
    static func response() -> TestResponse {
        var response = TestResponse(
            issuer: idpEntityID, audience: spEntityID, assertionConsumerServiceURL: acsURL, nameID: "alice@example.com",
            attributes: [("email", ["alice@example.com"]), ("groups", ["support", "billing"])], inResponseTo: requestID,
            issueInstant: now.addingTimeInterval(-5))
        response.responseID = "_resp0c6b8e1f2a3d4c5b6a7980f1e2d3c4b5a697"
        response.assertionID = "_asrt5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8"
        response.sessionIndex = "_sess1a2b3c4d"
        return response
    }

    func minter(signatureAlgorithm: SignatureAlgorithm? = nil, digest: DigestAlgorithm = .sha256) throws -> TestResponseMinter {
        try TestResponseMinter(key: idp.key, certificate: idp.certificate, signatureAlgorithm: signatureAlgorithm, digestAlgorithm: digest)
    }

    func mint(_ response: TestResponse = TestLogin.response(), signing parts: TestResponseMinter.SignedParts = .assertion) throws -> String {
        String(decoding: try minter().mint(response, signing: parts), as: UTF8.self)
    }

    func mint(xml: String, signing parts: TestResponseMinter.SignedParts = .assertion) throws -> String {
        String(decoding: try minter().mint(xml: xml, signing: parts), as: UTF8.self)
    }

    func validator(pinning certificates: [X509Certificate]? = nil) throws -> ResponseValidator {
        let identityProvider = try IdentityProvider(
            entityID: Self.idpEntityID, signingCertificates: certificates ?? [idp.certificate], options: options)
        let serviceProvider = ServiceProvider(
            entityID: Self.spEntityID, assertionConsumerServiceURL: Self.acsURL, decryptor: try decryptionKey.map { try XMLDecryptor(key: $0) })
        return ResponseValidator(
            serviceProvider: serviceProvider, identityProvider: identityProvider, replayCache: replayCache ?? InMemoryAssertionReplayCache())
    }

    /// Validates `xml` as the ACS would for the outstanding request.
    func validate(_ xml: String, expecting requestID: String? = TestLogin.requestID, at instant: Date = TestLogin.now) throws -> VerifiedAssertion {
        try validator().validate(Array(xml.utf8), expectedRequestID: requestID, now: instant)
    }

    /// The reason `xml` is refused, or `nil` when it is accepted.
    func refusal(_ xml: String, expecting requestID: String? = TestLogin.requestID, at instant: Date = TestLogin.now) -> SAMLError.Code? {
        do {
            _ = try validator().validate(Array(xml.utf8), expectedRequestID: requestID, now: instant)
            return nil
        } catch let error as SAMLError {
            return error.code
        } catch {
            return .configurationInvalid
        }
    }
}
