import Foundation

/// Bearer tokens for the JSON API (`gatehouse api-token create`), stored as SHA-256 digests.
public protocol APITokenRepository: Sendable {
    func create(_ token: APIToken) async throws
    /// The unrevoked token with this digest.
    func token(digest: String) async throws -> APIToken?
    /// Whether a token was revoked.
    func revoke(name: String, at: Date) async throws -> Bool
    func all() async throws -> [APIToken]
}

/// An API client: a help-desk integration acting as an agent.
public struct APIToken: Sendable, Equatable {
    public var digest: String
    /// Unique label, shown as the author of messages the client posts.
    public var name: String
    public var createdAt: Date
    public var revokedAt: Date?

    /// Marks a string as a Gatehouse API token (for secret scanners and the middleware's shape check).
    public static let secretPrefix = "gha_"

    /// A new secret: the prefix and 256 random bits. Only its digest is stored.
    public static func newSecret() -> String {
        secretPrefix + OneTimeToken().value
    }

    public init(digest: String, name: String, createdAt: Date, revokedAt: Date? = nil) {
        self.digest = digest
        self.name = name
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
