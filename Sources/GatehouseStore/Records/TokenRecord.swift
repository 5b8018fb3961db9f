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
    var securityStamp: Int
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
        securityStamp = token.securityStamp
        expiresAt = token.expiresAt
        createdAt = token.createdAt
    }

    var token: IssuedToken? {
        guard let purpose = IssuedToken.Purpose(rawValue: purpose), let email = EmailAddress(email) else { return nil }
        return IssuedToken(
            digest: digest, purpose: purpose, email: email, contactID: contactID, listID: listID, passwordHash: passwordHash, name: name,
            securityStamp: securityStamp, expiresAt: expiresAt, createdAt: createdAt)
    }

    /// Marks the token used and returns it when it is unused, unexpired and its contact (if it has one)
    /// is still at the stamp the token was issued under: the UPDATE's WHERE clause makes this atomic, so
    /// two requests racing with one link cannot both succeed.
    static func consume(digest: String, purpose: IssuedToken.Purpose, at now: Date, in db: Database) throws -> IssuedToken? {
        try db.execute(
            sql: """
                UPDATE token SET usedAt = ?
                WHERE digest = ? AND purpose = ? AND usedAt IS NULL AND expiresAt > ? AND \(currentStampCondition)
                """, arguments: [now, digest, purpose.rawValue, now])
        guard db.changesCount == 1 else { return nil }
        return try TokenRecord.fetchOne(db, key: digest)?.token
    }

    /// The token's contact (its own, or the one that has its address now) has not moved on since issue.
    static let currentStampCondition = """
        COALESCE((SELECT securityStamp FROM contact WHERE contact.id = token.contactID
                  OR (token.contactID IS NULL AND contact.email = token.email)), 0) = token.securityStamp
        """

    /// Voids the contact's unused links (except `keeping`); returns how many.
    static func voidUnused(of contactID: Int64, email: String, except keeping: String?, at now: Date, in db: Database) throws -> Int {
        try db.execute(
            sql:
                "UPDATE token SET usedAt = ? WHERE usedAt IS NULL AND expiresAt > ? AND (contactID = ? OR (contactID IS NULL AND email = ?)) AND digest IS NOT ?",
            arguments: [now, now, contactID, email, keeping])
        return db.changesCount
    }
}
