import Foundation
import GatehouseCore
import Synchronization

/// The rows behind the in-memory repositories: one shared table set, so a contact created through
/// ``InMemoryMembership`` is visible to ``InMemoryContactRepository`` as it would be in one database.
final class InMemoryStorage: Sendable {
    struct StoredToken {
        var token: IssuedToken
        var usedAt: Date?
    }

    struct StoredRequest {
        var request: AccountRequest
        var leasedUntil: Date?
        var outcome: String?
    }

    struct Attempt {
        var account: String
        var client: String
        var address: String
        var startedAt: Date
        var finishedAt: Date?
        var failed = false
    }

    struct State {
        var nextContactID: Contact.ID = 1
        var contacts: [Contact.ID: Contact] = [:]
        var passwordHashes: [Contact.ID: String] = [:]
        var links: [ExternalIdentity: Contact.ID] = [:]
        var lists: [ContactList.ID: ContactList] = [:]
        var listMembers: [ContactList.ID: Set<Contact.ID>] = [:]
        var tokens: [String: StoredToken] = [:]
        var outbox: [OutboxMessage] = []
        var consents: [ConsentRecord] = []
        var audit: [AuditEvent] = []
        /// Session key digests and the contact each belongs to.
        var sessions: [String: Contact.ID] = [:]
        var requests: [StoredRequest] = []
        var rateEvents: [String: [Date]] = [:]
        var attempts: [Int64: Attempt] = [:]
        var nextAttemptID: Int64 = 1
        /// Trusted device digests per account.
        var devices: [String: Set<String>] = [:]
        /// How often ``InMemoryMembership/linkExternalIdentity(_:email:name:at:)`` was called.
        var linkCalls = 0
    }

    let state = Mutex(State())

    func read<T>(_ body: (State) -> T) -> T {
        state.withLock { body($0) }
    }

    func write<T>(_ body: (inout State) throws -> T) rethrows -> T {
        try state.withLock { try body(&$0) }
    }

    var audit: [AuditEvent] { read(\.audit) }
    var outbox: [OutboxMessage] { read(\.outbox) }
    var consents: [ConsentRecord] { read(\.consents) }
    var linkCalls: Int { read(\.linkCalls) }
    var contacts: [Contact] { read { $0.contacts.values.sorted { $0.id < $1.id } } }

    var requests: [StoredRequest] { read(\.requests) }

    func passwordHash(of id: Contact.ID) -> String? { read { $0.passwordHashes[id] } }
    func contact(_ id: Contact.ID) -> Contact? { read { $0.contacts[id] } }
    func sessions(of id: Contact.ID) -> Set<String> { read { Set($0.sessions.filter { $0.value == id }.keys) } }
    func addSession(_ digest: String, for id: Contact.ID) { write { $0.sessions[digest] = id } }
    func token(digest: String) -> StoredToken? { read { $0.tokens[digest] } }
    func members(of list: ContactList.ID) -> Set<Contact.ID> { read { $0.listMembers[list] ?? [] } }

    /// Seeds a contact, its optional password hash and list memberships (lists are created on first use).
    @discardableResult
    func addContact(
        email: String, name: String = "Ada Lovelace", verified: Bool = true, isPortalAdmin: Bool = false, passwordHash: String? = nil,
        lists: [String] = [], at date: Date = Date(timeIntervalSince1970: 1_800_000_000)
    ) -> Contact {
        write { state in
            let contact = state.insertContact(email: EmailAddress(email)!, name: name, verified: verified, isPortalAdmin: isPortalAdmin, at: date)
            state.passwordHashes[contact.id] = passwordHash
            for listName in lists {
                let list = state.listID(named: listName, at: date)
                state.listMembers[list, default: []].insert(contact.id)
            }
            return contact
        }
    }

    /// Creates (or finds) a list by name.
    func addList(named name: String, at date: Date = Date(timeIntervalSince1970: 1_800_000_000)) -> ContactList {
        write { state in
            let id = state.listID(named: name, at: date)
            return state.lists[id]!
        }
    }

    func link(_ identity: ExternalIdentity, to contact: Contact.ID) {
        write { $0.links[identity] = contact }
    }
}

extension InMemoryStorage.State {
    mutating func insertContact(email: EmailAddress, name: String, verified: Bool, isPortalAdmin: Bool, at date: Date) -> Contact {
        let contact = Contact(id: nextContactID, email: email, name: name, verified: verified, isPortalAdmin: isPortalAdmin, createdAt: date)
        nextContactID += 1
        contacts[contact.id] = contact
        return contact
    }

    func contact(email: EmailAddress) -> Contact? {
        contacts.values.first { $0.email == email }
    }

    mutating func listID(named name: String, at date: Date) -> ContactList.ID {
        if let existing = lists.values.first(where: { $0.name.lowercased() == name.lowercased() }) { return existing.id }
        let list = ContactList(id: Int64(lists.count + 1), name: name, createdAt: date)
        lists[list.id] = list
        return list.id
    }

    /// Whether the token's contact (its own, or the one with its address now) is still at the token's stamp.
    func isCurrent(_ token: IssuedToken) -> Bool {
        let contact = token.contactID.flatMap { contacts[$0] } ?? (token.contactID == nil ? contact(email: token.email) : nil)
        return (contact?.securityStamp ?? 0) == token.securityStamp
    }

    /// The unused, unexpired, current token of `purpose` with this digest.
    func usableToken(digest: String, purpose: IssuedToken.Purpose, at date: Date) -> IssuedToken? {
        guard let stored = tokens[digest], stored.token.purpose == purpose, stored.usedAt == nil, stored.token.expiresAt > date,
            isCurrent(stored.token)
        else { return nil }
        return stored.token
    }

    /// Marks a usable token used and returns it, like `TokenRecord.consume`.
    mutating func consumeToken(digest: String, purpose: IssuedToken.Purpose, at date: Date) -> IssuedToken? {
        guard let token = usableToken(digest: digest, purpose: purpose, at: date) else { return nil }
        tokens[digest]?.usedAt = date
        return token
    }

    /// Every password set: new hash, stamp bumped, unused links voided, other sessions ended.
    mutating func setPassword(_ hash: String, for id: Contact.ID, at date: Date, keepingSession: String?) -> CredentialChange {
        passwordHashes[id] = hash
        contacts[id]?.securityStamp += 1
        let voided = voidUnusedTokens(of: id, at: date)
        let ended = sessions.filter { $0.value == id && $0.key != keepingSession }.map(\.key)
        for digest in ended { sessions[digest] = nil }
        return CredentialChange(contact: contacts[id]!, voidedTokens: voided, endedSessions: ended.count)
    }

    mutating func voidUnusedTokens(of id: Contact.ID, at date: Date) -> Int {
        let email = contacts[id]?.email
        var voided = 0
        for (digest, stored) in tokens
        where stored.usedAt == nil && stored.token.expiresAt > date
            && (stored.token.contactID == id || (stored.token.contactID == nil && stored.token.email == email))
        {
            tokens[digest]?.usedAt = date
            voided += 1
        }
        return voided
    }

    /// Marks a queued request done, unless it already is (checked before anything else is written, so
    /// the throw leaves the state as it was, like the store's rolled-back transaction).
    mutating func complete(_ completion: AccountRequestCompletion) throws {
        guard let index = requests.firstIndex(where: { $0.request.id == completion.id && $0.outcome == nil }) else {
            throw StoreError.alreadyDone("account request \(completion.id)")
        }
        requests[index].outcome = completion.outcome
    }

    /// Fewer than `cap` account emails to `recipient` in the hour before `date`.
    func hasRoom(for recipient: EmailAddress, cap: Int, at date: Date) -> Bool {
        outbox.filter { $0.recipient == recipient && $0.createdAt > date.addingTimeInterval(-AccountLimits.hour) }.count < cap
    }

    /// Checks every bucket and counts one event in each when all have room, like `SQLiteRateLimitStore`.
    mutating func take(_ buckets: [RateBucket], now: Date) -> RateDecision {
        var longest: (wait: TimeInterval, key: String)?
        for bucket in buckets {
            let events = (rateEvents[bucket.key] ?? []).filter { $0 > now.addingTimeInterval(-bucket.window) }
            if let wait = bucket.wait(events: events, now: now), wait > (longest?.wait ?? 0) { longest = (wait, bucket.key) }
        }
        if let longest { return .limited(retryAfter: Int(longest.wait.rounded(.up)), key: longest.key) }
        for bucket in buckets { rateEvents[bucket.key, default: []].append(now) }
        return .allowed
    }
}
