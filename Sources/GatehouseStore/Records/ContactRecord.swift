import Foundation
import GRDB
import GatehouseCore

struct ContactRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "contact"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let email = Column(CodingKeys.email)
        static let verified = Column(CodingKeys.verified)
    }

    var id: Int64?
    var email: String
    var name: String
    var verified: Bool
    var isPortalAdmin: Bool
    var isAgent: Bool
    var createdAt: Date
    var securityStamp: Int

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    init(email: EmailAddress, name: String, verified: Bool, isPortalAdmin: Bool, createdAt: Date) {
        self.email = email.value
        self.name = name
        self.verified = verified
        self.isPortalAdmin = isPortalAdmin
        self.isAgent = false
        self.createdAt = createdAt
        self.securityStamp = 0
    }

    /// The domain value; rows always hold a normalised address (written only through EmailAddress).
    var contact: Contact {
        Contact(
            id: id!, email: EmailAddress(email)!, name: name, verified: verified, isPortalAdmin: isPortalAdmin, isAgent: isAgent,
            createdAt: createdAt,
            securityStamp: securityStamp)
    }

    /// The account's credentials changed: links and sessions issued under the old stamp stop working.
    static func bumpStamp(_ id: Int64, in db: Database) throws {
        try db.execute(sql: "UPDATE contact SET securityStamp = securityStamp + 1 WHERE id = ?", arguments: [id])
    }

    static func find(email: EmailAddress, in db: Database) throws -> ContactRecord? {
        try ContactRecord.filter(Columns.email == email.value).fetchOne(db)
    }
}
