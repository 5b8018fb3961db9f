import Foundation

/// `jti` is a string of 1 to 256 bytes: the replay ledger's key, so it must exist and stay small.
public struct JWTTokenIDPolicy: JWTClaimPolicy {
    public init() {}

    public func check(_ claims: JWTClaims, now: Date) throws(Rejection) {
        _ = try Self.tokenID(claims)
    }

    public static func tokenID(_ claims: JWTClaims) throws(Rejection) -> String {
        let tokenID = try claims.string("jti")
        guard (1...256).contains(tokenID.utf8.count) else { throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "jti must have 1 to 256 bytes") }
        return tokenID
    }
}
