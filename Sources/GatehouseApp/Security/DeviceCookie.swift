import GatehouseCore
import Hummingbird

/// The device cookie of OWASP's guessing protection: set by a successful password sign-in, it makes the
/// browser a trusted client of that account (``LoginThrottlePolicy``), so strangers' failures never slow
/// it. It grants nothing else — it is not a session and signs no one in. `__Host-` on https.
struct DeviceCookie: Sendable {
    let name: String
    let secure: Bool
    /// How long a browser stays trusted without signing in again.
    static let lifetime = 180 * 86_400

    init(secure: Bool) {
        self.secure = secure
        name = secure ? "__Host-gatehouse_device" : "gatehouse_device"
    }

    func presented(in request: Request) -> String? {
        request.cookies[name].map { String($0.value) }
    }

    func cookie(_ token: String) -> Cookie {
        Cookie(name: name, value: token, maxAge: Self.lifetime, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
