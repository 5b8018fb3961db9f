import Foundation

/// `aud`, a string or a non-empty array of strings (RFC 7519 §4.1.3), contains our audience.
public struct JWTAudiencePolicy: JWTClaimPolicy {
    public let audience: String

    public init(audience: String) {
        self.audience = audience
    }

    public func check(_ claims: JWTClaims, now: Date) throws(Rejection) {
        let audiences = try Self.audiences(claims)
        guard audiences.contains(audience) else {
            throw CompactJWT.rejection(Reasons.jwtAudience, "aud \(audiences) does not contain \(audience.debugDescription)")
        }
    }

    public static func audiences(_ claims: JWTClaims) throws(Rejection) -> [String] {
        switch claims.values["aud"] {
        case .string(let single): return [single]
        case .array(let values) where !values.isEmpty && values.allSatisfy({ $0.stringValue != nil }): return values.compactMap(\.stringValue)
        case nil: throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "aud is missing")
        case .some(let other): throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "aud is a \(other.typeName), not a string or array of strings")
        }
    }
}
