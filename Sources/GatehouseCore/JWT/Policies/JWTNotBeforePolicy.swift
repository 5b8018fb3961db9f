import Foundation

/// `nbf`, when present, is not in the future (within the clock skew).
public struct JWTNotBeforePolicy: JWTClaimPolicy {
    public let clockSkew: TimeInterval

    public init(clockSkew: TimeInterval) {
        self.clockSkew = clockSkew
    }

    public func check(_ claims: JWTClaims, now: Date) throws(Rejection) {
        guard claims.has("nbf") else { return }
        let notBefore = try claims.date("nbf")
        guard notBefore.timeIntervalSince(now) <= clockSkew else {
            throw CompactJWT.rejection(Reasons.jwtNotYetValid, "nbf \(JWTClaims.format(notBefore)) is after now \(JWTClaims.format(now))")
        }
    }
}
