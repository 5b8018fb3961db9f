import Foundation
import GatehouseCore
import Synchronization

/// What became of a request, for its log line: the reason code when it was refused. The log middleware
/// sets one per request as a task-local value and ``ErrorPageMiddleware`` fills it in, because the
/// response that travels back up carries the refusal only as a rendered page.
///
/// It also carries a session-store failure up to ``SessionAuthenticationMiddleware``: hummingbird-auth's
/// `SessionMiddleware` treats any error while loading a session as "no session", which would send a
/// signed-in customer to the sign-in page ("your session has expired") while the database is down,
/// instead of a 503 page. And the contact read with the session, for the same guard.
final class RequestOutcome: Sendable {
    @TaskLocal static var current: RequestOutcome?

    private let reasonCode = Mutex<ReasonCode?>(nil)
    private let sessionFailure = Mutex<(any Error)?>(nil)
    private let sessionContact = Mutex<LoadedSession?>(nil)

    var reason: ReasonCode? { reasonCode.withLock { $0 } }

    func refused(_ code: ReasonCode) {
        reasonCode.withLock { $0 = code }
    }

    /// The error the session store threw while the session was loaded, if it did.
    var sessionStoreFailure: (any Error)? { sessionFailure.withLock { $0 } }

    func sessionStoreFailed(_ error: any Error) {
        sessionFailure.withLock { $0 = error }
    }

    /// The contact read with the request's session (``SessionStore/load(keyDigest:now:)``), so the portal's
    /// guard needs no second read; `nil` when no session was loaded.
    var loadedSession: LoadedSession? { sessionContact.withLock { $0 } }

    func sessionLoaded(_ session: LoadedSession) {
        // The value is the middleware's to decode; only the contact is kept.
        sessionContact.withLock { $0 = LoadedSession(value: Data(), contactID: session.contactID, contact: session.contact) }
    }
}
