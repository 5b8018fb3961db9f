import Foundation

/// Applications that may sign users in with a JWT, added by admins (`gatehouse jwt-app add`).
public protocol JWTAppRegistry: Sendable {
    func save(_ app: JWTApp) async throws
    func remove(id: String) async throws -> Bool
    func all() async throws -> [JWTApp]
    /// A value that changes whenever an app is added, replaced or removed, cheap enough to ask per login.
    func revision() async throws -> String
}

/// One JWT single-sign-on application: its pinned algorithm and key, and the claims it must send.
public struct JWTApp: Sendable, Equatable {
    public enum Algorithm: String, Sendable, CaseIterable, Codable {
        case hs256 = "HS256"
        case rs256 = "RS256"
        case es256 = "ES256"
    }

    /// Identifier used in URLs, audit and metrics; also the expected `kid` when tokens carry one.
    public var id: String
    public var algorithm: Algorithm
    /// The HMAC secret for HS256, or the PEM public key for RS256/ES256.
    public var key: String
    public var issuer: String
    public var audience: String
    /// Oldest accepted `iat`, in seconds.
    public var maxAge: Double
    public var addedAt: Date

    public init(id: String, algorithm: Algorithm, key: String, issuer: String, audience: String, maxAge: Double, addedAt: Date) {
        self.id = id
        self.algorithm = algorithm
        self.key = key
        self.issuer = issuer
        self.audience = audience
        self.maxAge = maxAge
        self.addedAt = addedAt
    }
}
