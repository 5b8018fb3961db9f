import Foundation

/// The claim checks jwt-kit leaves to the application (RFC 7519 §4.1), for one JWT app: issuer,
/// audience, expiry, not-before, issued-at and maximum age, and the types of `jti`, `email` and `name`,
/// each a ``JWTClaimPolicy`` of its own (Policies/). Run after the signature was verified; the first
/// failure is the result.
public struct JWTClaimRules: Sendable {
    public var issuer: String
    public var audience: String
    /// Oldest `iat` accepted, in seconds before now.
    public var maximumAge: TimeInterval
    /// Tolerance for clock differences, in seconds.
    public var clockSkew: TimeInterval

    public init(issuer: String, audience: String, maximumAge: TimeInterval, clockSkew: TimeInterval = 60) {
        self.issuer = issuer
        self.audience = audience
        self.maximumAge = maximumAge
        self.clockSkew = clockSkew
    }

    /// The app's checks, in the order their refusals take precedence.
    public var policies: [any JWTClaimPolicy] {
        [
            JWTIssuerPolicy(issuer: issuer), JWTAudiencePolicy(audience: audience), JWTExpiryPolicy(clockSkew: clockSkew),
            JWTNotBeforePolicy(clockSkew: clockSkew), JWTIssuedAtPolicy(maximumAge: maximumAge, clockSkew: clockSkew), JWTTokenIDPolicy(),
            JWTEmailPolicy(),
        ]
    }

    public func check(_ values: [String: JSONValue], now: Date) throws(Rejection) -> VerifiedJWTClaims {
        let claims = JWTClaims(values)
        for policy in policies { try policy.check(claims, now: now) }
        let (subject, email, name) = try JWTEmailPolicy.identity(claims)
        return VerifiedJWTClaims(
            subject: subject, email: email, name: name, tokenID: try JWTTokenIDPolicy.tokenID(claims), expiresAt: try claims.date("exp"))
    }
}

/// What a JWT app vouches for, after signature and claim checks.
public struct VerifiedJWTClaims: Sendable, Equatable {
    /// `sub` when present, otherwise the email.
    public var subject: String
    public var email: EmailAddress
    public var name: String?
    public var tokenID: String
    public var expiresAt: Date
}
