import Foundation

/// `email` is a string that is an email address (``EmailAddress``: no header-injection characters, no
/// lookalike spaces); `name`, when present, a string of at most 200 characters; `sub`, when present, a
/// string of 1 to 256 bytes.
public struct JWTEmailPolicy: JWTClaimPolicy {
    public init() {}

    public func check(_ claims: JWTClaims, now: Date) throws(Rejection) {
        _ = try Self.identity(claims)
    }

    /// The subject (`sub`, or the email when there is none), the email and the name.
    public static func identity(_ claims: JWTClaims) throws(Rejection) -> (subject: String, email: EmailAddress, name: String?) {
        let rawEmail = try claims.string("email")
        guard let email = EmailAddress(rawEmail) else {
            throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "email \(rawEmail.prefix(100).debugDescription) is not an email address")
        }
        var name: String?
        if claims.has("name") {
            let value = try claims.string("name")
            guard value.count <= 200 else { throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "name is longer than 200 characters") }
            name = value
        }
        var subject = email.value
        if claims.has("sub") {
            subject = try claims.string("sub")
            guard (1...256).contains(subject.utf8.count) else { throw CompactJWT.rejection(Reasons.jwtClaimInvalid, "sub must have 1 to 256 bytes") }
        }
        return (subject, email, name)
    }
}
