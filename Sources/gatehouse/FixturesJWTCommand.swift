import ArgumentParser
import Foundation
import GatehouseCore
import JWTKit
import SAML

/// `gatehouse fixtures jwt`: a signed sign-in token for `/sso/jwt`, for adopters' integration tests.
///
/// Claims come from the options, or verbatim from `--payload-json` (and `--header-json`), so tests can
/// also mint the malformed tokens Gatehouse must refuse (duplicate claims, wrong types, `alg` lies).
struct FixturesJWTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jwt",
        abstract: "Mint a signed JWT for /sso/jwt (printed on stdout).",
        discussion: """
            Example:
              gatehouse fixtures jwt --secret-file demo-secret.txt --issuer https://app.example \\
                --audience http://127.0.0.1:8080 --email alice@example.com --name Alice
            """
    )

    @Option(help: "HS256, RS256 or ES256 (the algorithm actually used to sign).")
    var algorithm: String = "HS256"

    @Option(name: .customLong("secret-file"), help: "HS256 shared secret file.")
    var secretFile: String?

    @Option(name: .customLong("key-file"), help: "RS256/ES256 private key (PEM).")
    var keyFile: String?

    @Option(help: "kid header (the JWT app id).")
    var kid: String?

    @Option(help: "iss claim.")
    var issuer: String?

    @Option(help: "aud claim.")
    var audience: String?

    @Option(help: "email claim.")
    var email: String?

    @Option(help: "name claim.")
    var name: String?

    @Option(help: "sub claim.")
    var subject: String?

    @Option(help: "jti claim (default: random).")
    var jti: String?

    @Option(name: .customLong("issued-at"), help: "iat as Unix seconds or xs:dateTime (default: now).")
    var issuedAt: String?

    @Option(help: "Seconds from iat to exp.")
    var ttl: Int = 300

    @Option(name: .customLong("header-json"), help: "Use this JSON text as the header, verbatim.")
    var headerJSON: String?

    @Option(name: .customLong("payload-json"), help: "Use this JSON text as the payload, verbatim (claim options are then ignored).")
    var payloadJSON: String?

    func run() async throws {
        let signer = try await makeSigner()
        let header = headerJSON ?? Self.json(["alg": algorithm.uppercased(), "typ": "JWT"].merging(kid.map { ["kid": $0] } ?? [:]) { $1 })
        let payload = try payloadJSON ?? claims()
        let signingInput = CompactJWT.base64URLEncode(Array(header.utf8)) + "." + CompactJWT.base64URLEncode(Array(payload.utf8))
        let signature = try signer.sign(Array(signingInput.utf8))
        print(signingInput + "." + CompactJWT.base64URLEncode(signature))
    }

    private func claims() throws -> String {
        guard let issuer, let audience, let email else { throw CommandError("--issuer, --audience and --email are required (or --payload-json)") }
        let issued: Date
        if let issuedAt {
            guard let date = Double(issuedAt).map(Date.init(timeIntervalSince1970:)) ?? SAMLDateTime.parse(issuedAt) else {
                throw CommandError("--issued-at must be Unix seconds or an xs:dateTime")
            }
            issued = date
        } else {
            issued = Date()
        }
        let iat = Int(issued.timeIntervalSince1970)
        var claims: [String: Any] = [
            "iss": issuer, "aud": audience, "email": email, "iat": iat, "exp": iat + ttl, "jti": jti ?? OneTimeToken().value,
        ]
        if let name { claims["name"] = name }
        if let subject { claims["sub"] = subject }
        return Self.json(claims)
    }

    private func makeSigner() async throws -> any JWTAlgorithm {
        let keys = JWTKeyCollection()
        switch algorithm.uppercased() {
        case "HS256":
            guard let secretFile else { throw CommandError("HS256 needs --secret-file") }
            await keys.add(
                hmac: HMACKey(from: try InputFile.text(secretFile, what: "secret").trimmingCharacters(in: .newlines)), digestAlgorithm: .sha256)
        case "RS256":
            guard let keyFile else { throw CommandError("RS256 needs --key-file") }
            await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: try InputFile.text(keyFile, what: "private key")), digestAlgorithm: .sha256)
        case "ES256":
            guard let keyFile else { throw CommandError("ES256 needs --key-file") }
            await keys.add(ecdsa: try ES256PrivateKey(pem: try InputFile.text(keyFile, what: "private key")))
        default:
            throw CommandError("--algorithm must be HS256, RS256 or ES256")
        }
        return try await keys.getKey()
    }

    private static func json(_ object: [String: Any]) -> String {
        // Sorted keys give reproducible fixtures.
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
