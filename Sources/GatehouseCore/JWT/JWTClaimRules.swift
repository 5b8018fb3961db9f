import Foundation

/// The claim checks jwt-kit leaves to the application (RFC 7519 §4.1), for one JWT app: issuer,
/// audience, expiry, not-before, issued-at and maximum age, and the types of `jti`, `email` and `name`.
/// Run after the signature was verified; the first failure is the result.
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

    public func check(_ claims: [String: JSONValue], now: Date) throws(Rejection) -> VerifiedJWTClaims {
        let issuer = try string("iss", in: claims)
        guard issuer == self.issuer else {
            throw CompactJWT.rejection(Reasons.jwtIssuer, "iss is \(issuer.debugDescription), expected \(self.issuer.debugDescription)")
        }
        let audiences: [String]
        switch claims["aud"] {
        case .string(let single): audiences = [single]
        case .array(let values) where !values.isEmpty && values.allSatisfy({ $0.stringValue != nil }): audiences = values.compactMap(\.stringValue)
        case nil: throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "aud is missing")
        case .some(let other): throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "aud is a \(other.typeName), not a string or array of strings")
        }
        guard audiences.contains(audience) else {
            throw CompactJWT.rejection(Reasons.jwtAudience, "aud \(audiences) does not contain \(audience.debugDescription)")
        }
        let expiry = try date("exp", in: claims)
        guard now.timeIntervalSince(expiry) < clockSkew else {
            throw CompactJWT.rejection(Reasons.jwtExpired, "exp \(Self.format(expiry)) is before now \(Self.format(now))")
        }
        if claims["nbf"] != nil {
            let notBefore = try date("nbf", in: claims)
            guard notBefore.timeIntervalSince(now) <= clockSkew else {
                throw CompactJWT.rejection(Reasons.jwtNotYetValid, "nbf \(Self.format(notBefore)) is after now \(Self.format(now))")
            }
        }
        let issuedAt = try date("iat", in: claims)
        guard issuedAt.timeIntervalSince(now) <= clockSkew else {
            throw CompactJWT.rejection(Reasons.jwtNotYetValid, "iat \(Self.format(issuedAt)) is in the future (now \(Self.format(now)))")
        }
        guard now.timeIntervalSince(issuedAt) <= maximumAge + clockSkew else {
            throw CompactJWT.rejection(
                Reasons.jwtTooOld, "iat \(Self.format(issuedAt)) is more than \(Int(maximumAge)) s before now \(Self.format(now))")
        }
        let tokenID = try string("jti", in: claims)
        guard (1...256).contains(tokenID.utf8.count) else {
            throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "jti must have 1 to 256 bytes")
        }
        let rawEmail = try string("email", in: claims)
        guard let email = EmailAddress(rawEmail) else {
            throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "email \(rawEmail.prefix(100).debugDescription) is not an email address")
        }
        var name: String?
        if claims["name"] != nil {
            let value = try string("name", in: claims)
            guard value.count <= 200 else { throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "name is longer than 200 characters") }
            name = value
        }
        var subject = email.value
        if claims["sub"] != nil {
            subject = try string("sub", in: claims)
            guard (1...256).contains(subject.utf8.count) else {
                throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "sub must have 1 to 256 bytes")
            }
        }
        return VerifiedJWTClaims(subject: subject, email: email, name: name, tokenID: tokenID, expiresAt: expiry)
    }

    private func string(_ name: String, in claims: [String: JSONValue]) throws(Rejection) -> String {
        guard let value = claims[name] else { throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "\(name) is missing") }
        guard let string = value.stringValue else {
            throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "\(name) is a \(value.typeName), not a string")
        }
        return string
    }

    /// A NumericDate (RFC 7519 §2): seconds since the epoch, within years 1970–9999.
    private func date(_ name: String, in claims: [String: JSONValue]) throws(Rejection) -> Date {
        guard let value = claims[name] else { throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "\(name) is missing") }
        guard let seconds = value.numberValue, seconds >= 0, seconds < 253_402_300_800 else {
            throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "\(name) is a \(value.typeName), not a NumericDate")
        }
        return Date(timeIntervalSince1970: seconds)
    }

    private static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
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
