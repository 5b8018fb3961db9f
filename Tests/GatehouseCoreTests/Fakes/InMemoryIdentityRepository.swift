import Foundation
import GatehouseCore

/// ``IdentityRepository`` over ``InMemoryStorage``.
struct InMemoryIdentityRepository: IdentityRepository {
    let storage: InMemoryStorage

    func contactID(for identity: ExternalIdentity) async throws -> Contact.ID? {
        storage.read { $0.links[identity] }
    }

    func link(_ identity: ExternalIdentity, to contact: Contact.ID, at date: Date) async throws {
        try storage.write { state in
            guard state.links[identity] == nil else { throw StoreError.conflict("identity \(identity.subject)") }
            state.links[identity] = contact
        }
    }

    func passwordHash(of contact: Contact.ID) async throws -> String? {
        storage.passwordHash(of: contact)
    }

    func setPasswordHash(_ hash: String, for contact: Contact.ID, at date: Date) async throws {
        _ = storage.write { $0.setPassword(hash, for: contact, at: date, keepingSession: nil) }
    }

    func removePassword(of contact: Contact.ID) async throws {
        _ = storage.write { $0.passwordHashes.removeValue(forKey: contact) }
    }
}
