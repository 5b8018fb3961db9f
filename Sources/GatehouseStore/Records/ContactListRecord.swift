import Foundation
import GRDB
import GatehouseCore

struct ContactListRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "contactList"

    enum Columns {
        static let name = Column(CodingKeys.name)
    }

    var id: Int64?
    var name: String
    var createdAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var list: ContactList { ContactList(id: id!, name: name, createdAt: createdAt) }
}

struct ListMembershipRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "listMembership"

    enum Columns {
        static let listID = Column(CodingKeys.listID)
        static let contactID = Column(CodingKeys.contactID)
    }

    var listID: Int64
    var contactID: Int64
    var addedAt: Date
}
