import Foundation
import GRDB
import GatehouseCore

public struct SQLiteContactListRepository: ContactListRepository {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func createList(named name: String, at: Date) async throws -> ContactList {
        try await database.write { db in
            try translatingConflicts("list \(name)") {
                var record = ContactListRecord(name: name, createdAt: at)
                try record.insert(db)
                return record.list
            }
        }
    }

    public func list(named name: String) async throws -> ContactList? {
        try await database.read { db in try ContactListRecord.filter(ContactListRecord.Columns.name == name).fetchOne(db)?.list }
    }

    public func allLists() async throws -> [ContactList] {
        try await database.read { db in try ContactListRecord.order(ContactListRecord.Columns.name).fetchAll(db).map(\.list) }
    }

    public func addMember(_ contact: Contact.ID, to list: ContactList.ID, at: Date) async throws {
        try await database.write { db in
            try ListMembershipRecord(listID: list, contactID: contact, addedAt: at).insert(db, onConflict: .ignore)
        }
    }

    public func removeMember(_ contact: Contact.ID, from list: ContactList.ID) async throws {
        _ = try await database.write { db in
            try ListMembershipRecord.filter(ListMembershipRecord.Columns.listID == list && ListMembershipRecord.Columns.contactID == contact)
                .deleteAll(db)
        }
    }

    public func members(of list: ContactList.ID) async throws -> [Contact] {
        try await database.read { db in
            try ContactRecord.fetchAll(
                db,
                sql:
                    "SELECT contact.* FROM contact JOIN listMembership ON listMembership.contactID = contact.id WHERE listMembership.listID = ? ORDER BY contact.email",
                arguments: [list]
            ).map(\.contact)
        }
    }
}
