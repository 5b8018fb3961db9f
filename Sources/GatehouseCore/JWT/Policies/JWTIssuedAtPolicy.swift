import Foundation

/// `iat` is present, not in the future, and no older than the maximum age (both within the clock skew):
/// a token minted long ago cannot be used, whatever its `exp` says.
public struct JWTIssuedAtPolicy: JWTClaimPolicy {
    public let maximumAge: TimeInterval
    public let clockSkew: TimeInterval

    public init(maximumAge: TimeInterval, clockSkew: TimeInterval) {
        self.maximumAge = maximumAge
        self.clockSkew = clockSkew
    }

    public func check(_ claims: JWTClaims, now: Date) throws(Rejection) {
        let issuedAt = try claims.date("iat")
        guard issuedAt.timeIntervalSince(now) <= clockSkew else {
            throw CompactJWT.rejection(
                Reasons.jwtNotYetValid, "iat \(JWTClaims.format(issuedAt)) is in the future (now \(JWTClaims.format(now)))")
        }
        guard now.timeIntervalSince(issuedAt) <= maximumAge + clockSkew else {
            throw CompactJWT.rejection(
                Reasons.jwtTooOld, "iat \(JWTClaims.format(issuedAt)) is more than \(Int(maximumAge)) s before now \(JWTClaims.format(now))")
        }
    }
}
