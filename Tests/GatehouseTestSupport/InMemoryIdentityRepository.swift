import Foundation
import GatehouseCore

/// ``IdentityRepository`` over ``InMemoryStorage``, like `SQLiteIdentityRepository`: one contact per
/// external identity, one password per contact, and every password change (setting or removing)
/// moving the contact's security stamp on.
public struct InMemoryIdentityRepository: IdentityRepository {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func contactID(for identity: ExternalIdentity) async throws -> Contact.ID? {
        storage.read { $0.links[identity] }
    }

    public func link(_ identity: ExternalIdentity, to contact: Contact.ID, at date: Date) async throws {
        try storage.write { state in
            guard state.links[identity] == nil else { throw StoreError.conflict("identity \(identity.issuer)") }
            state.links[identity] = contact
        }
    }

    public func passwordHash(of contact: Contact.ID) async throws -> String? {
        storage.passwordHash(of: contact)
    }

    /// Ends every session of the contact and voids its unused links, as every password set does.
    public func setPasswordHash(_ hash: String, for contact: Contact.ID, at date: Date) async throws {
        try storage.write { state in
            guard state.contacts[contact] != nil else { throw StoreError.notFound("contact \(contact)") }
            _ = state.setPassword(hash, for: contact, at: date, keepingSession: nil)
        }
    }

    /// Moves the stamp on without voiding links: the stamp alone stops them.
    public func removePassword(of contact: Contact.ID) async throws {
        storage.write { state in
            state.passwordHashes[contact] = nil
            state.contacts[contact]?.securityStamp += 1
        }
    }
}
