import Foundation

/// Named contact lists and their members.
public protocol ContactListRepository: Sendable {
    /// Creates a list; fails with ``StoreError/conflict`` when the name is taken (case-insensitively).
    func createList(named name: String, at: Date) async throws -> ContactList
    func list(named name: String) async throws -> ContactList?
    func allLists() async throws -> [ContactList]
    func addMember(_ contact: Contact.ID, to list: ContactList.ID, at: Date) async throws
    func removeMember(_ contact: Contact.ID, from list: ContactList.ID) async throws
    func members(of list: ContactList.ID) async throws -> [Contact]
}
