import Foundation

/// `exp` is present and not past (within the clock skew).
public struct JWTExpiryPolicy: JWTClaimPolicy {
    public let clockSkew: TimeInterval

    public init(clockSkew: TimeInterval) {
        self.clockSkew = clockSkew
    }

    public func check(_ claims: JWTClaims, now: Date) throws(Rejection) {
        let expiry = try claims.date("exp")
        guard now.timeIntervalSince(expiry) < clockSkew else {
            throw CompactJWT.rejection(Reasons.jwtExpired, "exp \(JWTClaims.format(expiry)) is before now \(JWTClaims.format(now))")
        }
    }
}
