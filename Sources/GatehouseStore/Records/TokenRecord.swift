import Foundation
import GRDB
import GatehouseCore

struct TokenRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "token"

    enum Columns {
        static let digest = Column(CodingKeys.digest)
        static let purpose = Column(CodingKeys.purpose)
        static let expiresAt = Column(CodingKeys.expiresAt)
        static let usedAt = Column(CodingKeys.usedAt)
    }

    var digest: String
    var purpose: String
    var email: String
    var contactID: Int64?
    var listID: Int64?
    var passwordHash: String?
    var name: String?
    var expiresAt: Date
    var usedAt: Date?
    var createdAt: Date

    init(_ token: IssuedToken) {
        digest = token.digest
        purpose = token.purpose.rawValue
        email = token.email.value
        contactID = token.contactID
        listID = token.listID
        passwordHash = token.passwordHash
        name = token.name
        expiresAt = token.expiresAt
        createdAt = token.createdAt
    }

    var token: IssuedToken? {
        guard let purpose = IssuedToken.Purpose(rawValue: purpose), let email = EmailAddress(email) else { return nil }
        return IssuedToken(
            digest: digest, purpose: purpose, email: email, contactID: contactID, listID: listID, passwordHash: passwordHash, name: name,
            expiresAt: expiresAt, createdAt: createdAt)
    }

    /// Marks the token used and returns it when it is unused and unexpired: the UPDATE's WHERE clause
    /// makes this atomic, so two requests racing with one link cannot both succeed.
    static func consume(digest: String, purpose: IssuedToken.Purpose, at now: Date, in db: Database) throws -> IssuedToken? {
        let updated =
            try TokenRecord
            .filter(Columns.digest == digest && Columns.purpose == purpose.rawValue && Columns.usedAt == nil && Columns.expiresAt > now)
            .updateAll(db, Columns.usedAt.set(to: now))
        guard updated == 1 else { return nil }
        return try TokenRecord.fetchOne(db, key: digest)?.token
    }
}
