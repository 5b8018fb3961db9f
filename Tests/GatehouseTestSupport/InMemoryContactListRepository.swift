import Foundation
import GatehouseCore

/// ``ContactListRepository`` over ``InMemoryStorage``, like `SQLiteContactListRepository`: names unique
/// and looked up in any case (SQLite's NOCASE), lists by name, members by email.
public struct InMemoryContactListRepository: ContactListRepository {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func createList(named name: String, at date: Date) async throws -> ContactList {
        try storage.write { state in
            guard state.list(named: name) == nil else { throw StoreError.conflict("list \(name)") }
            let id = state.listID(named: name, at: date)
            return state.lists[id]!
        }
    }

    public func list(named name: String) async throws -> ContactList? {
        storage.read { $0.list(named: name) }
    }

    public func allLists() async throws -> [ContactList] {
        storage.read { $0.lists.values.sorted { InMemoryStorage.orderedIgnoringCase($0.name, $1.name) } }
    }

    public func addMember(_ contact: Contact.ID, to list: ContactList.ID, at date: Date) async throws {
        storage.write { _ = $0.listMembers[list, default: []].insert(contact) }
    }

    public func removeMember(_ contact: Contact.ID, from list: ContactList.ID) async throws {
        storage.write { _ = $0.listMembers[list]?.remove(contact) }
    }

    public func members(of list: ContactList.ID) async throws -> [Contact] {
        storage.read { state in
            (state.listMembers[list] ?? []).compactMap { state.contacts[$0] }
                .sorted { InMemoryStorage.orderedIgnoringCase($0.email.value, $1.email.value) }
        }
    }
}
