import Foundation
import GatehouseCore

/// Shorthands for tests: rows as they are now, and rows put in place without going through a repository.
extension InMemoryStorage {
    public var audit: [AuditEvent] { read(\.audit) }
    public var outbox: [OutboxMessage] { read(\.outbox) }
    public var consents: [ConsentRecord] { read(\.consents) }
    public var linkCalls: Int { read(\.linkCalls) }
    /// Every contact, by id.
    public var contacts: [Contact] { read { $0.contacts.values.sorted { $0.id < $1.id } } }
    public var requests: [StoredRequest] { read(\.requests) }

    public func passwordHash(of id: Contact.ID) -> String? { read { $0.passwordHashes[id] } }
    public func contact(_ id: Contact.ID) -> Contact? { read { $0.contacts[id] } }
    /// Digests of the contact's sessions.
    public func sessions(of id: Contact.ID) -> Set<String> { read { Set($0.sessions.filter { $0.value.contactID == id }.keys) } }
    public func token(digest: String) -> StoredToken? { read { $0.tokens[digest] } }
    public func members(of list: ContactList.ID) -> Set<Contact.ID> { read { $0.listMembers[list] ?? [] } }

    /// A session of the contact that never expires.
    public func addSession(_ digest: String, for id: Contact.ID) {
        write { $0.sessions[digest] = StoredSession(value: Data(), expiresAt: nil, contactID: id) }
    }

    /// Seeds a contact, its optional password hash and list memberships (lists are created on first use).
    @discardableResult
    public func addContact(
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
    public func addList(named name: String, at date: Date = Date(timeIntervalSince1970: 1_800_000_000)) -> ContactList {
        write { state in
            let id = state.listID(named: name, at: date)
            return state.lists[id]!
        }
    }

    public func link(_ identity: ExternalIdentity, to contact: Contact.ID) {
        write { $0.links[identity] = contact }
    }
}
