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

    func passwordHash(of id: Contact.ID) -> String? { read { $0.passwordHashes[id] } }
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

    /// Marks an unused, unexpired token of `purpose` used and returns it, like `TokenRepository.consume`.
    mutating func consumeToken(digest: String, purpose: IssuedToken.Purpose, at date: Date) -> IssuedToken? {
        guard let stored = tokens[digest], stored.token.purpose == purpose, stored.usedAt == nil, stored.token.expiresAt > date else { return nil }
        tokens[digest]?.usedAt = date
        return stored.token
    }
}
