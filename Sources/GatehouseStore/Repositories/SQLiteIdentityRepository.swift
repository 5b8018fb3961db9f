import Foundation
import GRDB
import GatehouseCore

public struct SQLiteIdentityRepository: IdentityRepository {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func contactID(for identity: ExternalIdentity) async throws -> Contact.ID? {
        try await database.read { db in
            try IdentityRecord.filter(
                IdentityRecord.Columns.kind == identity.kind.rawValue && IdentityRecord.Columns.issuer == identity.issuer
                    && IdentityRecord.Columns.subject == identity.subject
            ).fetchOne(db)?.contactID
        }
    }

    public func link(_ identity: ExternalIdentity, to contact: Contact.ID, at: Date) async throws {
        try await database.write { db in
            try translatingConflicts("identity \(identity.issuer)") {
                var record = IdentityRecord.external(identity, contactID: contact, at: at)
                try record.insert(db)
            }
        }
    }

    public func passwordHash(of contact: Contact.ID) async throws -> String? {
        try await database.read { db in try IdentityRecord.passwordFilter(contactID: contact).fetchOne(db)?.passwordHash }
    }

    public func setPasswordHash(_ hash: String, for contact: Contact.ID, at: Date) async throws {
        _ = try await database.write { db in try Self.setPassword(hash, for: contact, at: at, keepingSession: nil, in: db) }
    }

    public func removePassword(of contact: Contact.ID) async throws {
        try await database.write { db in
            try IdentityRecord.passwordFilter(contactID: contact).deleteAll(db)
            try ContactRecord.bumpStamp(contact, in: db)
        }
    }

    /// Every path that sets a password comes here: the new hash replaces the old, the contact's stamp
    /// moves on, its unused links are voided and its sessions but `keepingSession` end — all in the
    /// caller's transaction.
    static func setPassword(_ hash: String, for contact: Contact.ID, at: Date, keepingSession: String?, in db: Database) throws -> CredentialChange {
        try IdentityRecord.passwordFilter(contactID: contact).deleteAll(db)
        var record = IdentityRecord.password(contactID: contact, hash: hash, at: at)
        try record.insert(db)
        try ContactRecord.bumpStamp(contact, in: db)
        guard let updated = try ContactRecord.fetchOne(db, key: contact) else { throw StoreError.notFound("contact \(contact)") }
        let voided = try TokenRecord.voidUnused(of: contact, email: updated.email, except: nil, at: at, in: db)
        try db.execute(sql: "DELETE FROM session WHERE contactID = ? AND keyDigest IS NOT ?", arguments: [contact, keepingSession])
        return CredentialChange(contact: updated.contact, voidedTokens: voided, endedSessions: db.changesCount)
    }
}
