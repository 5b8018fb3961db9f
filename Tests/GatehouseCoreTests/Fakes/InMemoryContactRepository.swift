import Foundation
import GatehouseCore

/// ``ContactRepository`` over ``InMemoryStorage``.
struct InMemoryContactRepository: ContactRepository {
    let storage: InMemoryStorage

    func contact(id: Contact.ID) async throws -> Contact? {
        storage.read { $0.contacts[id] }
    }

    func contact(email: EmailAddress) async throws -> Contact? {
        storage.read { $0.contact(email: email) }
    }

    func createContact(email: EmailAddress, name: String, verified: Bool, isPortalAdmin: Bool, at date: Date) async throws -> Contact {
        try storage.write { state in
            guard state.contact(email: email) == nil else { throw StoreError.conflict("contact \(email)") }
            return state.insertContact(email: email, name: name, verified: verified, isPortalAdmin: isPortalAdmin, at: date)
        }
    }

    func markVerified(_ id: Contact.ID) async throws {
        try storage.write { state in
            guard state.contacts[id] != nil else { throw StoreError.notFound("contact \(id)") }
            state.contacts[id]?.verified = true
        }
    }

    func setPortalAdmin(_ id: Contact.ID, _ isAdmin: Bool) async throws {
        try storage.write { state in
            guard state.contacts[id] != nil else { throw StoreError.notFound("contact \(id)") }
            state.contacts[id]?.isPortalAdmin = isAdmin
        }
    }

    func setAgent(_ id: Contact.ID, _ isAgent: Bool) async throws {
        try storage.write { state in
            guard state.contacts[id] != nil else { throw StoreError.notFound("contact \(id)") }
            state.contacts[id]?.isAgent = isAgent
        }
    }

    func listNames(of id: Contact.ID) async throws -> [String] {
        storage.read { state in
            state.listMembers.filter { $0.value.contains(id) }.compactMap { state.lists[$0.key]?.name }.sorted()
        }
    }

    func allContacts() async throws -> [Contact] {
        storage.contacts
    }
}
