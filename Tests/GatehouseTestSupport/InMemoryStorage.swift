import Foundation
import GatehouseCore
import Synchronization

/// The rows behind the in-memory repositories: one shared table set, so a contact created through
/// ``InMemoryMembershipStore`` is visible to ``InMemoryContactRepository`` as it would be in one database.
///
/// Stands in for SQLite's single writer: one `Mutex` around every table, each repository method one
/// critical section (``write(_:)``), and a write that throws leaves the tables as they were, like a
/// rolled-back transaction. What the SQLite store leaves to foreign keys is not checked (a ticket may
/// name a contact the storage has never seen), so service tests can use hand-made values.
public final class InMemoryStorage: Sendable {
    public struct State: Sendable {
        public var nextContactID: Contact.ID = 1
        public var contacts: [Contact.ID: Contact] = [:]
        public var passwordHashes: [Contact.ID: String] = [:]
        public var links: [ExternalIdentity: Contact.ID] = [:]
        public var nextListID: ContactList.ID = 1
        public var lists: [ContactList.ID: ContactList] = [:]
        public var listMembers: [ContactList.ID: Set<Contact.ID>] = [:]
        public var tokens: [String: StoredToken] = [:]
        /// Message ids are their positions plus one.
        public var outbox: [OutboxMessage] = []
        /// Leases of claimed outbox messages, by index.
        public var outboxLeases: [Int: Date] = [:]
        public var mailPreferences: [EmailAddress: MailPreference] = [:]
        public var signingKey: Data?
        public var consents: [ConsentRecord] = []
        public var audit: [AuditEvent] = []
        /// By session key digest.
        public var sessions: [String: StoredSession] = [:]
        public var nextRequestID: Int64 = 1
        public var requests: [StoredRequest] = []
        public var rateEvents: [String: [Date]] = [:]
        public var attempts: [Int64: Attempt] = [:]
        public var nextAttemptID: Int64 = 1
        /// Trusted device digests per account, with when each was last used.
        public var devices: [String: [String: Date]] = [:]
        /// Pending SAML requests by request ID.
        public var samlRequests: [String: PendingSAMLRequest] = [:]
        /// Replay entries' expiries by namespace and key.
        public var replayEntries: [ReplayKey: Date] = [:]
        /// API tokens by digest.
        public var apiTokens: [String: APIToken] = [:]
        /// IdPs by entityID.
        public var identityProviders: [String: StoredIdentityProvider] = [:]
        public var identityProviderRevision = 0
        /// JWT apps by id.
        public var jwtApps: [String: JWTApp] = [:]
        public var jwtAppRevision = 0
        public var nextTicketID: Ticket.ID = 1
        public var tickets: [Ticket.ID: Ticket] = [:]
        public var nextMessageID: TicketMessage.ID = 1
        /// Each ticket's messages, oldest first.
        public var ticketMessages: [Ticket.ID: [TicketMessage]] = [:]
        public var ticketContacts: [Ticket.ID: Set<Contact.ID>] = [:]
        /// What the SQLite store's full-text table holds per ticket besides the subject: its public
        /// messages, joined by line breaks (internal notes are never searchable).
        public var searchBodies: [Ticket.ID: String] = [:]
        /// How often ``InMemoryMembershipStore/linkExternalIdentity(_:email:name:at:)`` was called.
        public var linkCalls = 0

        public init() {}
    }

    let state = Mutex(State())
    let commits = Atomic<Int>(0)

    public init() {}

    /// How many ``write(_:)`` calls have completed without throwing: the commits a database would have
    /// made, so a test can say what a flow costs in durable writes.
    public var committedWrites: Int { commits.load(ordering: .relaxed) }

    public func read<T, E: Error>(_ body: (State) throws(E) -> T) throws(E) -> T {
        try state.withLock { (state) throws(E) -> T in try body(state) }
    }

    /// One transaction: `body` sees and changes every table; when it throws, nothing it changed stays.
    public func write<T, E: Error>(_ body: (inout State) throws(E) -> T) throws(E) -> T {
        try state.withLock { (state) throws(E) -> T in
            let before = state
            do throws(E) {
                let result = try body(&state)
                commits.add(1, ordering: .relaxed)
                return result
            } catch {
                state = before
                throw error
            }
        }
    }
}
