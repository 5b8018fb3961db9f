import ArgumentParser
import Foundation
import GatehouseApp
import GatehouseCore

struct APITokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-token", abstract: "Bearer tokens for the JSON API (/api/v1).",
        subcommands: [APITokenCreateCommand.self, APITokenListCommand.self, APITokenRevokeCommand.self])
}

/// Prints the token once; only its SHA-256 digest is stored.
struct APITokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a token; it is printed once and stored hashed.")

    @OptionGroup var config: ConfigurationOptions

    @Option(help: "A unique name for the client (shown as the author of its messages).")
    var name: String

    func run() async throws {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(trimmed.count), trimmed.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) else {
            throw CommandError("--name must be 1 to 100 printable characters")
        }
        let (_, store) = try await config.openStore()
        let repository = store.apiTokens
        let secret = APIToken.newSecret()
        do {
            try await repository.create(APIToken(digest: OneTimeToken.digest(of: secret), name: trimmed, createdAt: Date()))
        } catch StoreError.conflict {
            throw CommandError("an API token named \(trimmed) already exists (revoked tokens keep their name); choose another name")
        }
        try await store.audit.record(
            AuditEvent(kind: .admin, contactID: nil, email: nil, detail: "API token \(trimmed) created", at: Date()))
        print("API token \(trimmed) created. It is shown only now:")
        print(secret)
    }
}

struct APITokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (names and dates, never the secrets).")

    @OptionGroup var config: ConfigurationOptions

    func run() async throws {
        let (_, store) = try await config.openStore()
        let tokens = try await store.apiTokens.all()
        if tokens.isEmpty { print("No API tokens.") }
        for token in tokens {
            let state = token.revokedAt.map { "revoked \($0.formatted(.iso8601))" } ?? "active"
            print("\(token.name)\tcreated \(token.createdAt.formatted(.iso8601))\t\(state)")
        }
    }
}

struct APITokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token by name; a running server refuses it at once.")

    @OptionGroup var config: ConfigurationOptions

    @Option(help: "The token's name.")
    var name: String

    func run() async throws {
        let (_, store) = try await config.openStore()
        guard try await store.apiTokens.revoke(name: name, at: Date()) else {
            throw CommandError("no active API token named \(name)")
        }
        try await store.audit.record(
            AuditEvent(kind: .admin, contactID: nil, email: nil, detail: "API token \(name) revoked", at: Date()))
        print("API token \(name) revoked.")
    }
}
