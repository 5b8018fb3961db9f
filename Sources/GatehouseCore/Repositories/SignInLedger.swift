import Foundation

/// A sign-in's closing writes as one transaction, so a sign-in costs one durable commit (on PostgreSQL a
/// commit is a network round trip and a WAL flush, and a fleet's login capacity is bounded by commits):
/// the SAML request it answers taken, the one-time value (assertion ID, `jti`) entered in the replay
/// ledger, the audit event, the new session and the removal of the browser's previous one. The session
/// is written only with its replay entry, in the same commit: the entry is durable no later than the
/// session it grants.
public protocol SignInLedger: Sendable {
    /// Writes `commit` in one transaction. ``SignInCommit/Outcome/requestUnknown``: nothing was written.
    /// ``SignInCommit/Outcome/replayed``: only the request was taken (a refused response uses up its
    /// request, whatever the reason).
    func commit(_ commit: SignInCommit, now: Date) async throws -> SignInCommit.Outcome
}

public struct SignInCommit: Sendable {
    /// A pending SAML request, taken: it must still be there for this browser and unexpired.
    public struct RequestTake: Sendable, Equatable {
        public var requestID: String
        public var browserKeyDigest: String

        public init(requestID: String, browserKeyDigest: String) {
            self.requestID = requestID
            self.browserKeyDigest = browserKeyDigest
        }
    }

    /// A one-time value for the replay ledger: refused when recorded before and unexpired.
    public struct ReplayEntry: Sendable, Equatable {
        public var namespace: String
        public var key: String
        public var until: Date

        public init(namespace: String, key: String, until: Date) {
            self.namespace = namespace
            self.key = key
            self.until = until
        }
    }

    /// A session record, as ``SessionStore/set(keyDigest:value:expiresAt:contactID:)`` writes it.
    public struct Session: Sendable, Equatable {
        public var keyDigest: String
        public var value: Data
        public var expiresAt: Date?
        public var contactID: Contact.ID?

        public init(keyDigest: String, value: Data, expiresAt: Date?, contactID: Contact.ID?) {
            self.keyDigest = keyDigest
            self.value = value
            self.expiresAt = expiresAt
            self.contactID = contactID
        }
    }

    public enum Outcome: Sendable, Equatable {
        case committed
        /// The request was not pending for this browser (used, expired, never issued to it).
        case requestUnknown
        /// The one-time value was recorded before (the request, if any, was taken all the same).
        case replayed
    }

    public var request: RequestTake?
    public var replay: ReplayEntry?
    public var event: AuditEvent?
    public var session: Session?
    /// The digest of the browser's previous session, removed.
    public var replacedSession: String?

    public init(
        request: RequestTake? = nil, replay: ReplayEntry? = nil, event: AuditEvent? = nil, session: Session? = nil, replacedSession: String? = nil
    ) {
        self.request = request
        self.replay = replay
        self.event = event
        self.session = session
        self.replacedSession = replacedSession
    }
}
