import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdAuth

/// Guards portal routes: a session within its idle and absolute lifetime whose contact still exists and
/// is still at the session's ``Contact/securityStamp``, otherwise a redirect to the sign-in page that comes back here afterwards. Refreshes the last-seen
/// time (and so the idle deadline) at most once per ``SessionPolicy/touchInterval``.
struct SessionAuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let policy: SessionPolicy
    let contacts: any ContactRepository
    let clock: any GatehouseCore.Clock
    let cookieName: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let session = context.sessions.session else {
            // The store failed to load the session (a database outage): the error page, not the sign-in page.
            if let failure = RequestOutcome.current?.sessionStoreFailure { throw failure }
            // A session cookie that no longer resolves belonged to a session the store expired.
            return Self.redirectToLogin(from: request, notice: request.cookies[cookieName] != nil ? "expired" : nil)
        }
        let now = clock.now
        switch policy.evaluate(session, now: now) {
        case .idleExpired, .absoluteExpired:
            context.sessions.clearSession()
            return Self.redirectToLogin(from: request, notice: "expired")
        case .valid(let touch):
            // The contact came with the session record when the store read them together.
            let loaded = RequestOutcome.current?.loadedSession
            let found = loaded?.contactID == session.contactID ? loaded?.contact : try await contacts.contact(id: session.contactID)
            guard let contact = found else {
                context.sessions.clearSession()
                return Self.redirectToLogin(from: request)
            }
            // The password changed (or a new sign-in identity was linked) since this session began:
            // it ended then, on every instance, even if its record was written after the change.
            guard session.isCurrent(for: contact) else {
                context.sessions.clearSession()
                return Self.redirectToLogin(from: request, notice: "ended")
            }
            if touch {
                var touched = session
                touched.lastSeenAt = now
                let remaining = policy.remainingLifetime(of: touched, now: now)
                _ = context.sessions.updateSession(touched, expiresIn: .seconds(Int64(remaining.rounded(.down))))
            }
            var context = context
            context.contact = contact
            return try await next(request, context)
        }
    }

    /// `/login?return_to=…`, with `&expired=1` or `&ended=1` for the sign-in page's notice.
    static func redirectToLogin(from request: Request, notice: String? = nil) -> Response {
        var query =
            "return_to=" + (request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")).addingPercentEncoding(
                withAllowedCharacters: .alphanumerics)!
        if let notice { query += "&\(notice)=1" }
        return Response(status: .seeOther, headers: [.location: "/login?" + query, .cacheControl: "no-store"])
    }
}
