import ArgumentParser
import Foundation
import GatehouseCore
import SAML
import XMLSecurity

/// `gatehouse fixtures saml`: signed test Responses and the matching IdP metadata.
///
/// Signed with the TEST-ONLY keys from Certificates/ (embedded in the binary) unless `--key`/`--cert`
/// name others. What adopters' integration tests feed to `/saml/acs` or `gatehouse saml verify`.
struct FixturesSAMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saml",
        abstract: "Mint a signed SAML Response (stdout) and the matching IdP metadata (--metadata-out).",
        discussion: """
            Example:
              gatehouse fixtures saml --audience https://portal.example/saml/metadata \\
                --acs-url https://portal.example/saml/acs --name-id alice@example.com \\
                --attribute email=alice@example.com --metadata-out idp.xml > response.xml
            """
    )

    enum KeyType: String, ExpressibleByArgument, CaseIterable { case rsa, ecdsa }

    @Option(name: .customLong("key-type"), help: "Embedded test key to sign with: rsa (RSA-2048) or ecdsa (P-256).")
    var keyType: KeyType = .rsa

    @Option(help: "Sign with this private key (PEM) instead of the embedded test key; needs --cert.")
    var key: String?

    @Option(help: "Certificate (PEM) matching --key.")
    var cert: String?

    @Option(help: "What to sign: response, assertion, both or none.")
    var sign: String = "both"

    @Option(name: .customLong("idp-entity-id"), help: "Issuer of the response.")
    var idpEntityID = "https://idp.gatehouse.test/metadata"

    @Option(help: "The Audience (the SP entityID). Required unless --metadata-only.")
    var audience: String?

    @Option(name: .customLong("acs-url"), help: "The SP ACS URL (Destination and Recipient). Required unless --metadata-only.")
    var acsURL: String?

    @Option(help: "Override the Response Destination ('' omits it).")
    var destination: String?

    @Option(help: "Override the SubjectConfirmationData Recipient.")
    var recipient: String?

    @Option(name: .customLong("name-id"), help: "The NameID. Required unless --metadata-only.")
    var nameID: String?

    @Option(name: .customLong("name-id-format"), help: "NameID Format ('' omits it).")
    var nameIDFormat = SAMLIdentifier.emailNameIDFormat

    @Option(name: .customLong("attribute"), help: "An attribute as name=value; repeat for more values or names.")
    var attributes: [String] = []

    @Option(name: .customLong("in-response-to"), help: "The AuthnRequest ID answered (omit for an unsolicited response).")
    var inResponseTo: String?

    @Option(name: .customLong("issue-instant"), help: "IssueInstant (ISO 8601); default: now.")
    var issueInstant: String?

    @Option(name: .customLong("valid-for"), help: "Seconds from IssueInstant until Conditions and confirmation expire.")
    var validFor: Double = 300

    @Option(help: "Top-level StatusCode value.")
    var status = SAMLIdentifier.statusSuccess

    @Flag(help: "Print the base64 SAMLResponse form value instead of XML.")
    var base64 = false

    @Option(
        help: ArgumentHelp(
            "Mint this many responses, one base64 form value per line, each with fresh IDs (for load tests).",
            discussion: "{n} in --name-id and --attribute values becomes the response's number (1, 2, …)."))
    var count: Int?

    @Option(name: .customLong("metadata-out"), help: "Write the matching IdP metadata to this file.")
    var metadataOut: String?

    @Flag(name: .customLong("metadata-only"), help: "Print only the IdP metadata, no response.")
    var metadataOnly = false

    @Option(name: .customLong("sso-url"), help: "SSO URL to publish in the IdP metadata.")
    var ssoURL = "https://idp.gatehouse.test/sso"

    func validate() throws {
        if !metadataOnly, audience == nil || acsURL == nil || nameID == nil {
            throw ValidationError("A response needs --audience, --acs-url and --name-id.")
        }
        guard TestResponseMinter.SignedParts(rawValue: sign) != nil else {
            throw ValidationError("--sign must be response, assertion, both or none.")
        }
        guard (key == nil) == (cert == nil) else { throw ValidationError("--key and --cert go together.") }
        if let issueInstant, SAMLDateTime.parse(issueInstant) == nil {
            throw ValidationError("--issue-instant \(issueInstant) is not an ISO 8601 instant.")
        }
        guard validFor > 0 else { throw ValidationError("--valid-for must be positive.") }
        if let count, !(1...1_000_000).contains(count) { throw ValidationError("--count must be between 1 and 1000000.") }
        for attribute in attributes where !attribute.contains("=") {
            throw ValidationError("--attribute \(attribute) must be name=value.")
        }
    }

    func run() throws {
        let minter = try makeMinter()
        let metadata = minter.identityProviderMetadata(entityID: idpEntityID, singleSignOnURL: ssoURL)
        if metadataOnly {
            print(metadata, terminator: "")
            return
        }
        if let metadataOut {
            guard FileManager.default.createFile(atPath: metadataOut, contents: Data(metadata.utf8)) else {
                throw CommandError("Cannot write \(metadataOut).")
            }
        }
        // validate() guarantees these for a response.
        guard let audience, let acsURL, let nameID else { return }
        let signing = TestResponseMinter.SignedParts(rawValue: sign)!
        guard let count else {
            let bytes = try mint(with: minter, audience: audience, acsURL: acsURL, nameID: nameID, signing: signing, number: nil)
            if base64 {
                print(Base64.encode(bytes))
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
            return
        }
        var lines = ""
        for number in 1...count {
            let bytes = try mint(with: minter, audience: audience, acsURL: acsURL, nameID: nameID, signing: signing, number: number)
            lines += Base64.encode(bytes) + "\n"
            if lines.utf8.count > 1 << 20 {
                FileHandle.standardOutput.write(Data(lines.utf8))
                lines = ""
            }
        }
        FileHandle.standardOutput.write(Data(lines.utf8))
    }

    /// One response; `number` (a batch's counter) replaces `{n}` in the NameID and attribute values.
    private func mint(
        with minter: TestResponseMinter, audience: String, acsURL: String, nameID: String, signing: TestResponseMinter.SignedParts, number: Int?
    ) throws -> [UInt8] {
        func numbered(_ text: String) -> String { number.map { text.replacingOccurrences(of: "{n}", with: String($0)) } ?? text }
        var response = TestResponse(
            issuer: idpEntityID, audience: audience, assertionConsumerServiceURL: acsURL, nameID: numbered(nameID),
            nameIDFormat: nameIDFormat.isEmpty ? nil : nameIDFormat,
            attributes: groupedAttributes().map { ($0.name, $0.values.map(numbered)) },
            inResponseTo: inResponseTo, issueInstant: CommandLineClock.make(pinnedTo: issueInstant).now, validFor: validFor)
        if let destination { response.destination = destination.isEmpty ? nil : destination }
        if let recipient { response.recipient = recipient }
        response.statusCode = status
        do {
            return try minter.mint(response, signing: signing)
        } catch {
            throw CommandError(error.message)
        }
    }

    private func makeMinter() throws -> TestResponseMinter {
        let keyPEM: String
        let certificatePEM: String
        if let key, let cert {
            keyPEM = try InputFile.text(key, what: "key")
            certificatePEM = try InputFile.text(cert, what: "certificate")
        } else {
            switch keyType {
            case .rsa: (keyPEM, certificatePEM) = (EmbeddedTestKeys.testIdpRsaKey, EmbeddedTestKeys.testIdpRsaCertificate)
            case .ecdsa: (keyPEM, certificatePEM) = (EmbeddedTestKeys.testIdpEcdsaKey, EmbeddedTestKeys.testIdpEcdsaCertificate)
            }
        }
        do {
            return try TestResponseMinter(key: PrivateKey(pem: keyPEM), certificate: X509Certificate(pem: certificatePEM))
        } catch let error as XMLSecurityError {
            throw CommandError(error.message)
        } catch let error as SAMLError {
            throw CommandError(error.message)
        }
    }

    /// `name=value` options in order, values of a repeated name grouped under its first occurrence.
    private func groupedAttributes() -> [(name: String, values: [String])] {
        var grouped: [(name: String, values: [String])] = []
        for attribute in attributes {
            let parts = attribute.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = String(parts[1])
            if let index = grouped.firstIndex(where: { $0.name == name }) {
                grouped[index].values.append(value)
            } else {
                grouped.append((name, [value]))
            }
        }
        return grouped
    }
}
