import Foundation

/// Remembers which assertions were consumed, so a captured SAMLResponse cannot log in twice
/// (saml-profiles 4.1.4.5).
public protocol AssertionReplayCache: Sendable {
    /// Records the assertion until `expiry`. Returns `false` when it was already recorded and has not
    /// expired; throws when it cannot record (which must fail the login, never pass it).
    func markUsed(assertionID: String, issuer: String, until expiry: Date, now: Date) throws -> Bool
}
