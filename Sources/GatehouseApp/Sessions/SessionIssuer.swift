import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdAuth

/// Starts and ends signed-in sessions. Starting one always issues a fresh session id and deletes the
/// browser's previous session record (session fixation: an id planted before sign-in never becomes
/// an authenticated one).
struct SessionIssuer: Sendable {
    let storage: SessionStorage<PortalSession>
    let policy: SessionPolicy
    let clock: any GatehouseCore.Clock

    func begin(for contact: Contact, method: AuthenticationMethod, issuer: String?, request: Request, context: AppRequestContext) async throws {
        if storage.getId(request: request) != nil {
            _ = try? await storage.delete(request: request)
        }
        let now = clock.now
        context.sessions.createSession(
            PortalSession(contactID: contact.id, method: method, issuer: issuer, createdAt: now, lastSeenAt: now),
            expiresIn: .seconds(Int64(policy.idleTimeout)))
    }

    func end(request: Request, context: AppRequestContext) {
        // SessionMiddleware deletes the record and expires the cookie when the session is cleared.
        context.sessions.clearSession()
    }
}
