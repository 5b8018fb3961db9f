import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdAuth

/// Starts and ends signed-in sessions. Starting one always issues a fresh session id and deletes the
/// browser's previous session record (session fixation: an id planted before sign-in never becomes
/// an authenticated one), and so does every change of the signed-in state: each returns a fresh CSRF
/// cookie for the response, so a token seen before sign-in (or by another user of the browser before
/// sign-out) never protects a form after it.
struct SessionIssuer: Sendable {
    let storage: SessionStorage<PortalSession>
    let policy: SessionPolicy
    let clock: any GatehouseCore.Clock
    let csrf: CSRFToken
    /// hummingbird-auth stores a session under this prefix and the cookie's id.
    let keyPrefix: String

    /// A session for `contact` (stamped with its current ``Contact/securityStamp``); returns the
    /// renewed CSRF cookie the response must set.
    func begin(for contact: Contact, method: AuthenticationMethod, issuer: String?, request: Request, context: AppRequestContext) async throws
        -> Cookie
    {
        if storage.getId(request: request) != nil {
            _ = try? await storage.delete(request: request)
        }
        let now = clock.now
        context.sessions.createSession(
            PortalSession(
                contactID: contact.id, method: method, issuer: issuer, createdAt: now, lastSeenAt: now, securityStamp: contact.securityStamp),
            expiresIn: .seconds(Int64(policy.idleTimeout)))
        return csrf.renewed()
    }

    /// After a password change made in this session: a new session id with the account's new stamp.
    func renew(after change: CredentialChange, request: Request, context: AppRequestContext) async throws -> Cookie {
        let session = context.sessions.session
        return try await begin(
            for: change.contact, method: session?.method ?? .password, issuer: session?.issuer, request: request, context: context)
    }

    /// Ends the browser's session; returns the renewed CSRF cookie the response must set.
    func end(request: Request, context: AppRequestContext) -> Cookie {
        // SessionMiddleware deletes the record and expires the cookie when the session is cleared.
        context.sessions.clearSession()
        return csrf.renewed()
    }

    /// The digest under which the store keeps this browser's session, to keep it through a password change.
    func storedKeyDigest(of request: Request) -> String? {
        storage.getId(request: request).map { OneTimeToken.digest(of: keyPrefix + $0) }
    }
}
