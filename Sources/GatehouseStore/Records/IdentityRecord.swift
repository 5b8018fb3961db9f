import Foundation
import GRDB
import GatehouseCore

/// A way to sign in as a contact. Password rows use issuer `local` and the contact id as subject, so the
/// (kind, issuer, subject) uniqueness also means one password per contact.
struct IdentityRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "identity"

    enum Columns {
        static let contactID = Column(CodingKeys.contactID)
        static let kind = Column(CodingKeys.kind)
        static let issuer = Column(CodingKeys.issuer)
        static let subject = Column(CodingKeys.subject)
    }

    var id: Int64?
    var contactID: Int64
    var kind: String
    var issuer: String
    var subject: String
    var passwordHash: String?
    var createdAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    static func password(contactID: Int64, hash: String, at: Date) -> IdentityRecord {
        IdentityRecord(contactID: contactID, kind: "password", issuer: "local", subject: String(contactID), passwordHash: hash, createdAt: at)
    }

    static func external(_ identity: ExternalIdentity, contactID: Int64, at: Date) -> IdentityRecord {
        IdentityRecord(contactID: contactID, kind: identity.kind.rawValue, issuer: identity.issuer, subject: identity.subject, createdAt: at)
    }

    static func passwordFilter(contactID: Int64) -> QueryInterfaceRequest<IdentityRecord> {
        IdentityRecord.filter(Columns.kind == "password" && Columns.contactID == contactID)
    }
}
