import Foundation
import GatehouseCore

/// ``ContactRepository`` over ``InMemoryStorage``, like `SQLiteContactRepository`: emails unique,
/// contacts listed by email, list names by name in any case.
public struct InMemoryContactRepository: ContactRepository {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func contact(id: Contact.ID) async throws -> Contact? {
        storage.read { $0.contacts[id] }
    }

    public func contact(email: EmailAddress) async throws -> Contact? {
        storage.read { $0.contact(email: email) }
    }

    public func createContact(email: EmailAddress, name: String, verified: Bool, isPortalAdmin: Bool, at date: Date) async throws -> Contact {
        try storage.write { state in
            guard state.contact(email: email) == nil else { throw StoreError.conflict("contact \(email)") }
            return state.insertContact(email: email, name: name, verified: verified, isPortalAdmin: isPortalAdmin, at: date)
        }
    }

    public func markVerified(_ id: Contact.ID) async throws {
        try update(id) { $0.verified = true }
    }

    public func setPortalAdmin(_ id: Contact.ID, _ isAdmin: Bool) async throws {
        try update(id) { $0.isPortalAdmin = isAdmin }
    }

    public func setAgent(_ id: Contact.ID, _ isAgent: Bool) async throws {
        try update(id) { $0.isAgent = isAgent }
    }

    public func listNames(of id: Contact.ID) async throws -> [String] {
        storage.read { state in
            state.listMembers.filter { $0.value.contains(id) }.compactMap { state.lists[$0.key]?.name }.sorted(
                by: InMemoryStorage.orderedIgnoringCase)
        }
    }

    public func allContacts() async throws -> [Contact] {
        storage.read { $0.contacts.values.sorted { InMemoryStorage.orderedIgnoringCase($0.email.value, $1.email.value) } }
    }

    private func update(_ id: Contact.ID, _ change: (inout Contact) -> Void) throws {
        try storage.write { state in
            guard var contact = state.contacts[id] else { throw StoreError.notFound("contact \(id)") }
            change(&contact)
            state.contacts[id] = contact
        }
    }
}
