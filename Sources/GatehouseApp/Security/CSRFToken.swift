import GatehouseCore
import Hummingbird

/// Double-submit CSRF protection for every form: a random token in a cookie and the same value in a
/// hidden field; ``FormPostMiddleware`` requires both to match (and the Origin to be ours).
///
/// On https the cookie is `__Host-` prefixed, so a sibling subdomain cannot plant its own value.
public struct CSRFToken: Sendable {
    public static let fieldName = "csrf_token"
    public let cookieName: String
    let secure: Bool

    public init(secure: Bool) {
        self.secure = secure
        cookieName = secure ? "__Host-gatehouse_csrf" : "gatehouse_csrf"
    }

    /// The browser's token, or a new one with the cookie that sets it.
    public func token(for request: Request) -> (value: String, cookie: Cookie?) {
        if let existing = presented(in: request) { return (existing, nil) }
        let token = OneTimeToken().value
        return (token, Cookie(name: cookieName, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .lax))
    }

    /// A new token's cookie, replacing whatever the browser had (at sign-in and sign-out).
    public func renewed() -> Cookie {
        Cookie(name: cookieName, value: OneTimeToken().value, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The cookie's token when it has the shape of one we issued.
    public func presented(in request: Request) -> String? {
        guard let value = request.cookies[cookieName]?.value, OneTimeToken.hasShape(String(value)) else { return nil }
        return String(value)
    }
}

extension UInt8 {
    var isBase64URL: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || self == UInt8(ascii: "-") || self == UInt8(ascii: "_")
    }
}
