import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdAuth

/// Starts and ends signed-in sessions. Starting one always issues a fresh session id and deletes the
/// browser's previous session record (session fixation: an id planted before sign-in never becomes
/// an authenticated one), and so does every change of the signed-in state: each returns a fresh CSRF
/// cookie for the response, so a token seen before sign-in (or by another user of the browser before
/// sign-out) never protects a form after it.
///
/// A new session is written here, not by hummingbird-auth's `SessionMiddleware` after the handler: the
/// record goes into the sign-in's one transaction (``SignInLedger``) with the SAML request taken, the
/// replay entry and the audit event, so a sign-in is one durable commit and the session exists only if
/// the replay entry does. The record and cookie have the middleware's format (the key prefix, the JSON
/// of ``PortalSession``, the cookie parameters it is given), so it loads them on the next request.
struct SessionIssuer: Sendable {
    let storage: SessionStorage<PortalSession>
    let ledger: any SignInLedger
    let policy: SessionPolicy
    let clock: any GatehouseCore.Clock
    let csrf: CSRFToken
    /// hummingbird-auth stores a session under this prefix and the cookie's id.
    let keyPrefix: String
    /// The session cookie's name and attributes, the ones `SessionMiddleware` is configured with.
    let cookie: SessionCookieParameters

    /// What ``begin(for:method:issuer:with:request:context:)`` did.
    enum Outcome {
        /// Committed: the cookies the response must set (the session's and the renewed CSRF token's).
        case started([Cookie])
        /// No session was written: the request was not pending (nothing written), or the value was
        /// replayed (only the request's use written).
        case refused(SignInCommit.Outcome)
    }

    /// A session for `contact` (stamped with its current ``Contact/securityStamp``), committed with
    /// `commit`'s other writes; the browser's previous session record is removed in the same transaction.
    func begin(
        for contact: Contact, method: AuthenticationMethod, issuer: String?, with commit: SignInCommit = SignInCommit(), request: Request,
        context: AppRequestContext
    ) async throws -> Outcome {
        let now = clock.now
        let session = PortalSession(
            contactID: contact.id, method: method, issuer: issuer, createdAt: now, lastSeenAt: now, securityStamp: contact.securityStamp)
        let id = Self.newSessionID()
        var commit = commit
        commit.session = SignInCommit.Session(
            keyDigest: OneTimeToken.digest(of: keyPrefix + id), value: try JSONEncoder().encode(session),
            expiresAt: now.addingTimeInterval(policy.idleTimeout), contactID: contact.id)
        commit.replacedSession = storedKeyDigest(of: request)
        let outcome = try await ledger.commit(commit, now: now)
        guard outcome == .committed else { return .refused(outcome) }
        // The middleware must leave the new record alone: an edited or cleared session would make it
        // write (or delete) the previous id's record and append a cookie after ours. A SessionData decoded
        // from the session's JSON is one loaded and unedited (hummingbird-auth's single-value Codable).
        try Self.leaveUnedited(session, in: context)
        return .started([sessionCookie(id: id, now: now), csrf.renewed()])
    }

    /// A session whose commit holds nothing that can be refused (no request, no replay entry): a password
    /// sign-in with its event, a renewal. Returns the cookies the response must set.
    func start(
        for contact: Contact, method: AuthenticationMethod, issuer: String?, event: AuditEvent?, request: Request, context: AppRequestContext
    ) async throws -> [Cookie] {
        switch try await begin(for: contact, method: method, issuer: issuer, with: SignInCommit(event: event), request: request, context: context) {
        case .started(let cookies): return cookies
        case .refused(let outcome): throw StoreError.conflict("a session commit without request or replay entry was refused: \(outcome)")
        }
    }

    /// After a password change made in this session: a new session id with the account's new stamp (the
    /// change itself was audited in its own transaction).
    func renew(after change: CredentialChange, request: Request, context: AppRequestContext) async throws -> [Cookie] {
        let session = context.sessions.session
        return try await start(
            for: change.contact, method: session?.method ?? .password, issuer: session?.issuer, event: nil, request: request, context: context)
    }

    /// Ends the browser's session: deletes its record and returns the cookies the response must set — the
    /// session cookie emptied with an expiry in the past (1970) and Max-Age=0, so no request after this one
    /// carries it (hummingbird-auth's own deletion cookie expires "now", to the second, and keeps the id: a
    /// page opened within that second still sent it and answered "your session has expired"), and the
    /// renewed CSRF token.
    func end(request: Request, context: AppRequestContext) async throws -> [Cookie] {
        if storage.getId(request: request) != nil {
            _ = try await storage.delete(request: request)
        }
        // Leave the middleware nothing to do (see begin): a cleared session would append its own cookie
        // after ours; an unedited one is left alone, and its record is already gone.
        if let session = context.sessions.session { try Self.leaveUnedited(session, in: context) }
        return [sessionCookie(value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0), csrf.renewed()]
    }

    /// Puts `session` in the request's session context as one loaded and unedited, so `SessionMiddleware` writes
    /// nothing after the handler: a SessionData decoded from the session's JSON is that (hummingbird-auth's
    /// single-value Codable).
    static func leaveUnedited(_ session: PortalSession, in context: AppRequestContext) throws {
        let loaded = try JSONDecoder().decode(SessionData<PortalSession>.self, from: JSONEncoder().encode(session))
        context.sessions.withLockedSession { $0 = loaded }
    }

    /// The digest under which the store keeps this browser's session, to keep it through a password change.
    func storedKeyDigest(of request: Request) -> String? {
        storage.getId(request: request).map { OneTimeToken.digest(of: keyPrefix + $0) }
    }

    /// 256 random bits, base64 like hummingbird-auth's own ids.
    static func newSessionID() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64EncodedString()
    }

    /// The cookie `SessionMiddleware` would set for a new session: its parameters, HttpOnly, expiring
    /// with the idle timeout (renewed as the session is used).
    func sessionCookie(id: String, now: Date) -> Cookie {
        sessionCookie(value: id, expires: now.addingTimeInterval(policy.idleTimeout), maxAge: nil)
    }

    /// The session cookie with the middleware's parameters (name, domain, path, Secure, SameSite).
    func sessionCookie(value: String, expires: Date, maxAge: Int?) -> Cookie {
        if let sameSite = cookie.sameSite {
            return Cookie(
                name: cookie.name, value: value, expires: expires, maxAge: maxAge, domain: cookie.domain, path: cookie.path, secure: cookie.secure,
                sameSite: sameSite)
        }
        return Cookie(
            name: cookie.name, value: value, expires: expires, maxAge: maxAge, domain: cookie.domain, path: cookie.path, secure: cookie.secure)
    }
}
