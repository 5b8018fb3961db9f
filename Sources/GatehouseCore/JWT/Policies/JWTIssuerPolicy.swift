import Foundation

/// `iss` is exactly the configured issuer (no normalisation: a trailing slash is another issuer).
public struct JWTIssuerPolicy: JWTClaimPolicy {
    public let issuer: String

    public init(issuer: String) {
        self.issuer = issuer
    }

    public func check(_ claims: JWTClaims, now: Date) throws(Rejection) {
        let found = try claims.string("iss")
        guard found == issuer else {
            throw CompactJWT.rejection(Reasons.jwtIssuer, "iss is \(found.debugDescription), expected \(issuer.debugDescription)")
        }
    }
}
