import Foundation

/// One check of a verified token's claims (RFC 7519 §4.1), in the style of the SAML policies: a small
/// value that refuses with a reason code and a detail an admin can act on. ``JWTClaimRules`` runs the
/// JWT app's policies in order and the first refusal is the result; OpenID Connect's ID-token checks
/// reuse the shared ones (issuer, audience, expiry, issued-at) and add their own.
public protocol JWTClaimPolicy: Sendable {
    func check(_ claims: JWTClaims, now: Date) throws(Rejection)
}

/// A token's claims with typed, refusing accessors: a claim of the wrong type is `jwt.claim_invalid`,
/// never a silent default.
public struct JWTClaims: Sendable {
    public let values: [String: JSONValue]

    public init(_ values: [String: JSONValue]) {
        self.values = values
    }

    public func has(_ name: String) -> Bool { values[name] != nil }

    public func string(_ name: String) throws(Rejection) -> String {
        guard let value = values[name] else { throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "\(name) is missing") }
        guard let string = value.stringValue else {
            throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "\(name) is a \(value.typeName), not a string")
        }
        return string
    }

    /// A NumericDate (RFC 7519 §2): seconds since the epoch, within years 1970–9999.
    public func date(_ name: String) throws(Rejection) -> Date {
        guard let value = values[name] else { throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "\(name) is missing") }
        guard let seconds = value.numberValue, seconds >= 0, seconds < 253_402_300_800 else {
            throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "\(name) is a \(value.typeName), not a NumericDate")
        }
        return Date(timeIntervalSince1970: seconds)
    }

    static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
