import Foundation

/// AuthnRequests in flight, bound to the browser that started them.
public protocol SAMLRequestRepository: Sendable {
    func track(_ request: PendingSAMLRequest) async throws
    /// The browser's pending request with `requestID`, if unexpired, left in place (``SignInLedger`` takes
    /// it with the sign-in's other writes).
    func pending(requestID: String, browserKeyDigest: String, at: Date) async throws -> PendingSAMLRequest?
    /// Removes and returns the browser's pending request with `requestID`, if unexpired.
    func take(requestID: String, browserKeyDigest: String, at: Date) async throws -> PendingSAMLRequest?
}

public struct PendingSAMLRequest: Sendable, Equatable {
    public var requestID: String
    public var identityProvider: String
    /// SHA-256 of the random browser key kept in a cookie: a response is only accepted in the browser
    /// that asked for it, which stops login CSRF and response injection.
    public var browserKeyDigest: String
    public var returnTo: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(requestID: String, identityProvider: String, browserKeyDigest: String, returnTo: String, createdAt: Date, expiresAt: Date) {
        self.requestID = requestID
        self.identityProvider = identityProvider
        self.browserKeyDigest = browserKeyDigest
        self.returnTo = returnTo
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
