import Foundation

/// Contacts and their list memberships.
public protocol ContactRepository: Sendable {
    func contact(id: Contact.ID) async throws -> Contact?
    func contact(email: EmailAddress) async throws -> Contact?
    /// Creates a contact; fails with ``StoreError/conflict`` when the email is taken.
    func createContact(email: EmailAddress, name: String, verified: Bool, isPortalAdmin: Bool, at: Date) async throws -> Contact
    func markVerified(_ id: Contact.ID) async throws
    func setPortalAdmin(_ id: Contact.ID, _ isAdmin: Bool) async throws
    func setAgent(_ id: Contact.ID, _ isAgent: Bool) async throws
    /// Names of the lists the contact belongs to.
    func listNames(of id: Contact.ID) async throws -> [String]
    func allContacts() async throws -> [Contact]
}
