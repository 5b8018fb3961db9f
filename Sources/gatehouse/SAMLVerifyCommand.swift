import ArgumentParser
import Foundation
import GatehouseApp
import GatehouseCore
import SAML
import XMLSecurity

/// `gatehouse saml verify`: validates one response exactly as the ACS does.
struct SAMLVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a SAML Response and print the identity it vouches for.",
        discussion: """
            RESPONSE is a file holding the Response XML or the base64 SAMLResponse form value ('-' reads stdin).
            Accepted: exit 0, the identity as JSON on stdout. Rejected: exit 1, 'code: message' on stderr.
            Usage or configuration errors: exit 2.
            """
    )

    @Argument(help: "File with the Response XML or the base64 SAMLResponse value ('-' for stdin).")
    var response: String

    @OptionGroup var idp: IdentityProviderOptions

    @Option(name: .customLong("sp-entity-id"), help: "Our SP entityID (the expected Audience).")
    var spEntityID: String

    @Option(name: .customLong("acs-url"), help: "Our ACS URL (the expected Destination and Recipient).")
    var acsURL: String

    @Option(name: .customLong("in-response-to"), help: "ID of the AuthnRequest the response must answer.")
    var inResponseTo: String?

    @Option(help: "The instant to validate at (ISO 8601, e.g. 2016-01-05T17:53:42Z); default: now.")
    var now: String?

    @Option(name: .customLong("clock-skew"), help: "Clock skew tolerance in seconds (0–600).")
    var clockSkew: Double = 90

    @Flag(name: .customLong("allow-sha1"), help: "Accept SHA-1 signatures and 1024-bit RSA keys from this IdP.")
    var allowSHA1 = false

    @Flag(name: .customLong("allow-unsolicited"), help: "Accept IdP-initiated responses that answer no request.")
    var allowUnsolicited = false

    @Option(name: .customLong("sp-decryption-key"), help: "SP private key (PEM) for encrypted assertions.")
    var decryptionKeyPath: String?

    @Option(name: .customLong("max-bytes"), help: "Largest response accepted, in bytes of XML.")
    var maxBytes: Int = XMLParserLimits.default.maxBytes

    func validate() throws {
        guard (0...600).contains(clockSkew) else { throw ValidationError("--clock-skew must be between 0 and 600 seconds.") }
        guard maxBytes > 0, maxBytes <= 16 * 1024 * 1024 else { throw ValidationError("--max-bytes must be between 1 and 16 MiB.") }
        if let now, SAMLDateTime.parse(now) == nil { throw ValidationError("--now \(now) is not an ISO 8601 instant.") }
    }

    func run() throws {
        let options = IdentityProvider.Options(allowsSHA1: allowSHA1, allowsUnsolicited: allowUnsolicited, clockSkew: clockSkew)
        let identityProvider = try idp.identityProvider(options: options)
        var decryptor: XMLDecryptor?
        if let decryptionKeyPath {
            do {
                decryptor = try XMLDecryptor(key: PrivateKey(pem: try InputFile.text(decryptionKeyPath, what: "SP decryption key")))
            } catch let error as XMLSecurityError {
                throw CommandError("\(decryptionKeyPath): \(error.message)")
            }
        }
        let serviceProvider = ServiceProvider(entityID: spEntityID, assertionConsumerServiceURL: acsURL, decryptor: decryptor)
        let validator = ResponseValidator(
            serviceProvider: serviceProvider, identityProvider: identityProvider, replayCache: InMemoryAssertionReplayCache(),
            limits: XMLParserLimits(maxBytes: maxBytes))
        let input = try InputFile.bytes(response, what: "response")
        let clock = CommandLineClock.make(pinnedTo: now)
        let identity: VerifiedAssertion
        do {
            identity = try validator.validate(input, expectedRequestID: inResponseTo, now: clock.now)
        } catch {
            let rejection = Rejection(error)
            FileHandle.standardError.write(Data("\(rejection.code): \(rejection.detail)\n".utf8))
            throw ExitCode(1)
        }
        print(try IdentityJSON(identity).encoded())
    }
}

/// The JSON printed for an accepted response: stable snake_case keys, sorted, every key present
/// (`null` when the assertion has no value), so scripts can rely on the shape.
struct IdentityJSON: Encodable {
    let identityProvider: String
    let nameID: String
    let nameIDFormat: String?
    let sessionIndex: String?
    let authnInstant: String?
    let validUntil: String
    let assertionID: String
    let attributes: [String: [String]]

    init(_ identity: VerifiedAssertion) {
        identityProvider = identity.identityProvider
        nameID = identity.nameID
        nameIDFormat = identity.nameIDFormat
        sessionIndex = identity.sessionIndex
        authnInstant = identity.authnInstant.map(SAMLDateTime.format)
        validUntil = SAMLDateTime.format(identity.validUntil)
        assertionID = identity.assertionID
        attributes = identity.attributeDictionary
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    enum CodingKeys: String, CodingKey {
        case identityProvider = "idp_entity_id"
        case nameID = "name_id"
        case nameIDFormat = "name_id_format"
        case sessionIndex = "session_index"
        case authnInstant = "authn_instant"
        case validUntil = "valid_until"
        case assertionID = "assertion_id"
        case attributes
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(identityProvider, forKey: .identityProvider)
        try container.encode(nameID, forKey: .nameID)
        try container.encode(nameIDFormat, forKey: .nameIDFormat)
        try container.encode(sessionIndex, forKey: .sessionIndex)
        try container.encode(authnInstant, forKey: .authnInstant)
        try container.encode(validUntil, forKey: .validUntil)
        try container.encode(assertionID, forKey: .assertionID)
        try container.encode(attributes, forKey: .attributes)
    }
}
