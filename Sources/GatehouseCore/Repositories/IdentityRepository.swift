import Foundation

/// How contacts sign in: linked external identities and password hashes.
public protocol IdentityRepository: Sendable {
    func contactID(for identity: ExternalIdentity) async throws -> Contact.ID?
    /// Links an external identity to a contact; a second link of the same identity fails with ``StoreError/conflict``.
    func link(_ identity: ExternalIdentity, to contact: Contact.ID, at: Date) async throws
    func passwordHash(of contact: Contact.ID) async throws -> String?
    func setPasswordHash(_ hash: String, for contact: Contact.ID, at: Date) async throws
    func removePassword(of contact: Contact.ID) async throws
}
