import ArgumentParser
import Foundation
import GatehouseApp
import GatehouseCore
import JWTKit

struct JWTAppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jwt-app", abstract: "Applications that sign users in with JWTs (/sso/jwt).",
        subcommands: [JWTAppAddCommand.self, JWTAppListCommand.self, JWTAppRemoveCommand.self])
}

/// `gatehouse jwt-app add`: pins one algorithm and key per app; tokens with its id as `kid`, or its issuer, use it.
struct JWTAppAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add or replace a JWT app.")

    @OptionGroup var config: ConfigurationOptions

    @Option(help: "App id (lowercase letters, digits, _): the expected kid, and the label in audit and metrics.")
    var id: String

    @Option(help: "HS256, RS256 or ES256.")
    var algorithm: String

    @Option(name: .customLong("secret-file"), help: "HS256: file holding the shared secret (at least 32 bytes).")
    var secretFile: String?

    @Option(name: .customLong("public-key-file"), help: "RS256/ES256: the app's public key (PEM).")
    var publicKeyFile: String?

    @Option(help: "The iss claim the app sends.")
    var issuer: String

    @Option(help: "The aud claim expected (default: the serving gateway's base URL origin, resolved at sign-in).")
    var audience: String?

    @Option(name: .customLong("max-age"), help: "Oldest accepted iat, in seconds.")
    var maxAge: Double = 300

    func run() async throws {
        let (configuration, store) = try await config.openStore()
        _ = try IdentityProviderAddCommand.validated(id, option: "--id")
        guard let pinned = JWTApp.Algorithm(rawValue: algorithm.uppercased()) else { throw CommandError("--algorithm must be HS256, RS256 or ES256") }
        guard !configuration.jwtApps.contains(where: { $0.id == id }) else {
            throw CommandError("the configuration file already defines JWT app \(id)")
        }
        guard (10...86_400).contains(maxAge) else { throw CommandError("--max-age must be 10 to 86400 seconds") }
        let key: String
        switch pinned {
        case .hs256:
            guard let secretFile, publicKeyFile == nil else { throw CommandError("HS256 needs --secret-file (and no --public-key-file)") }
            key = try InputFile.text(secretFile, what: "secret").trimmingCharacters(in: .newlines)
            guard key.utf8.count >= 32 else { throw CommandError("the HS256 secret must have at least 32 bytes") }
        case .rs256, .es256:
            guard let publicKeyFile, secretFile == nil else {
                throw CommandError("\(pinned.rawValue) needs --public-key-file (and no --secret-file)")
            }
            key = try InputFile.text(publicKeyFile, what: "public key")
            do {
                if pinned == .rs256 { _ = try Insecure.RSA.PublicKey(pem: key) } else { _ = try ES256PublicKey(pem: key) }
            } catch {
                throw CommandError("\(publicKeyFile) is not a \(pinned == .rs256 ? "RSA (2048 bits or more)" : "P-256") public key in PEM")
            }
        }
        let app = JWTApp(
            id: id, algorithm: pinned, key: key, issuer: issuer, audience: audience ?? "", maxAge: maxAge,
            addedAt: Date())
        try await store.jwtApps.save(app)
        try await store.audit.record(
            AuditEvent(kind: .admin, detail: "JWT app \(id) (\(pinned.rawValue), iss \(issuer)) added", at: Date()))
        let shownAudience = app.audience.isEmpty ? "the gateway's base URL origin" : app.audience
        print("Added JWT app \(id): \(pinned.rawValue), iss \(issuer), aud \(shownAudience), max age \(Int(maxAge)) s")
        print("Sign-in URL: \(configuration.portal.baseURL.url("/sso/jwt?jwt=<token>&return_to=/tickets"))")
    }
}

struct JWTAppListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List configured and stored JWT apps.")

    @OptionGroup var config: ConfigurationOptions

    func run() async throws {
        let (configuration, store) = try await config.openStore()
        for app in configuration.jwtApps { print("\(app.id)\tconfig\t\(app.algorithm.rawValue)\tiss=\(app.issuer)\taud=\(app.audience)") }
        for app in try await store.jwtApps.all() {
            print(
                "\(app.id)\tdatabase\t\(app.algorithm.rawValue)\tiss=\(app.issuer)\taud=\(app.audience.isEmpty ? "(base URL origin)" : app.audience)")
        }
    }
}

struct JWTAppRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a stored JWT app.")

    @OptionGroup var config: ConfigurationOptions

    @Argument(help: "The app id.")
    var id: String

    func run() async throws {
        let (_, store) = try await config.openStore()
        guard try await store.jwtApps.remove(id: id) else { throw CommandError("no stored JWT app \(id)") }
        try await store.audit.record(AuditEvent(kind: .admin, detail: "JWT app \(id) removed", at: Date()))
        print("Removed JWT app \(id)")
    }
}
