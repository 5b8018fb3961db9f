import Foundation
import GRDB
import GatehouseCore

/// The membership writes that belong together, each in one transaction.
public struct SQLiteMembershipStore: MembershipStore {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func registerPending(_ registration: PendingRegistration, emailCap: Int, completing: AccountRequestCompletion?) async throws -> Bool {
        try await database.write { db in
            guard try Self.hasRoom(for: registration.email, cap: emailCap, at: registration.at, in: db) else { return false }
            try completing.map { try SQLiteAccountRequestQueue.complete($0, in: db) }
            var record: ContactRecord
            if let existing = try ContactRecord.find(email: registration.email, in: db) {
                // Only unverified contacts get here (verified ones get an "already registered" email).
                guard !existing.verified, existing.securityStamp == registration.expectedStamp else {
                    throw StoreError.conflict("contact \(registration.email) changed")
                }
                record = existing
            } else {
                record = ContactRecord(
                    email: registration.email, name: registration.name, verified: false, isPortalAdmin: false, createdAt: registration.at)
                try record.insert(db)
            }
            let contact = record.contact
            if let version = registration.consentVersion {
                try SQLiteConsentRepository.insert(
                    ConsentRecord(contactID: contact.id, textVersion: version, accepted: registration.consentAccepted, recordedAt: registration.at),
                    in: db)
            }
            try TokenRecord(
                IssuedToken(
                    digest: registration.tokenDigest, purpose: .registration, email: registration.email, contactID: contact.id,
                    name: registration.name, securityStamp: contact.securityStamp, expiresAt: registration.tokenExpiresAt,
                    createdAt: registration.at)
            ).insert(db)
            try OutboxRecord.insert(registration.message, in: db)
            return true
        }
    }

    public func unusedToken(digest: String, purpose: IssuedToken.Purpose, at now: Date) async throws -> IssuedToken? {
        try await database.read { db in
            try TokenRecord.fetchOne(
                db,
                sql: """
                    SELECT * FROM token WHERE digest = ? AND purpose = ? AND usedAt IS NULL AND expiresAt > ? AND \(TokenRecord.currentStampCondition)
                    """, arguments: [digest, purpose.rawValue, now])?.token
        }
    }

    public func issueToken(_ token: IssuedToken, message: OutboxMessage, emailCap: Int, completing: AccountRequestCompletion?) async throws
        -> Bool
    {
        try await database.write { db in
            if let contactID = token.contactID {
                guard let contact = try ContactRecord.fetchOne(db, key: contactID), contact.securityStamp == token.securityStamp else {
                    throw StoreError.conflict("contact \(contactID) changed")
                }
            }
            guard try Self.hasRoom(for: message.recipient, cap: emailCap, at: message.createdAt, in: db) else { return false }
            try completing.map { try SQLiteAccountRequestQueue.complete($0, in: db) }
            try TokenRecord(token).insert(db)
            try OutboxRecord.insert(message, in: db)
            return true
        }
    }

    public func completeRegistration(tokenDigest: String, passwordHash: String, at now: Date, keepingSession: String?) async throws
        -> CredentialChange?
    {
        try await database.write { db in
            guard let token = try TokenRecord.consume(digest: tokenDigest, purpose: .registration, at: now, in: db),
                let contactID = token.contactID, var record = try ContactRecord.fetchOne(db, key: contactID)
            else { return nil }
            record.verified = true
            if let name = token.name { record.name = name }
            try record.update(db)
            return try SQLiteIdentityRepository.setPassword(passwordHash, for: contactID, at: now, keepingSession: keepingSession, in: db)
        }
    }

    public func resetPassword(tokenDigest: String, newPasswordHash: String, at now: Date, keepingSession: String?) async throws -> CredentialChange? {
        try await database.write { db in
            guard let token = try TokenRecord.consume(digest: tokenDigest, purpose: .passwordReset, at: now, in: db),
                let contactID = token.contactID, var record = try ContactRecord.fetchOne(db, key: contactID)
            else { return nil }
            record.verified = true
            try record.update(db)
            return try SQLiteIdentityRepository.setPassword(newPasswordHash, for: contactID, at: now, keepingSession: keepingSession, in: db)
        }
    }

    public func acceptInvitation(_ acceptance: InvitationAcceptance) async throws -> CredentialChange? {
        try await database.write { db in
            guard let token = try TokenRecord.consume(digest: acceptance.tokenDigest, purpose: .invitation, at: acceptance.at, in: db) else {
                return nil
            }
            var record: ContactRecord
            if let existing = try ContactRecord.find(email: token.email, in: db) {
                record = existing
                record.verified = true
                try record.update(db)
            } else {
                record = ContactRecord(email: token.email, name: acceptance.name, verified: true, isPortalAdmin: false, createdAt: acceptance.at)
                try record.insert(db)
            }
            let contactID = record.id!
            if let version = acceptance.consentVersion {
                try SQLiteConsentRepository.insert(
                    ConsentRecord(contactID: contactID, textVersion: version, accepted: acceptance.consentAccepted, recordedAt: acceptance.at),
                    in: db)
            }
            if let listID = token.listID {
                try ListMembershipRecord(listID: listID, contactID: contactID, addedAt: acceptance.at).insert(db, onConflict: .ignore)
            }
            return try SQLiteIdentityRepository.setPassword(
                acceptance.passwordHash, for: contactID, at: acceptance.at, keepingSession: acceptance.keepingSession, in: db)
        }
    }

    public func changePassword(contactID: Contact.ID, expectedStamp: Int, newPasswordHash: String, at now: Date, keepingSession: String?)
        async throws -> CredentialChange?
    {
        try await database.write { db in
            guard let record = try ContactRecord.fetchOne(db, key: contactID), record.securityStamp == expectedStamp else { return nil }
            return try SQLiteIdentityRepository.setPassword(newPasswordHash, for: contactID, at: now, keepingSession: keepingSession, in: db)
        }
    }

    public func linkExternalIdentity(_ identity: ExternalIdentity, email: EmailAddress, name: String, at now: Date) async throws -> Contact {
        try await database.write { db in
            // A concurrent first login of the same identity may have linked it already.
            if let linked = try IdentityRecord.filter(
                IdentityRecord.Columns.kind == identity.kind.rawValue && IdentityRecord.Columns.issuer == identity.issuer
                    && IdentityRecord.Columns.subject == identity.subject
            ).fetchOne(db), let contact = try ContactRecord.fetchOne(db, key: linked.contactID) {
                return contact.contact
            }
            var record: ContactRecord
            if let existing = try ContactRecord.find(email: email, in: db) {
                record = existing
                if !existing.verified {
                    // Whoever registered this address never proved the mailbox; the issuer just did. A
                    // password set on it before must not become a way into this person's account.
                    try IdentityRecord.passwordFilter(contactID: existing.id!).deleteAll(db)
                    record.verified = true
                    try record.update(db)
                }
            } else {
                record = ContactRecord(email: email, name: name, verified: true, isPortalAdmin: false, createdAt: now)
                try record.insert(db)
            }
            let contactID = record.id!
            var link = IdentityRecord.external(identity, contactID: contactID, at: now)
            try link.insert(db)
            // A new way into the account: links sent for its earlier state stop working.
            try ContactRecord.bumpStamp(contactID, in: db)
            _ = try TokenRecord.voidUnused(of: contactID, email: record.email, except: nil, at: now, in: db)
            return try ContactRecord.fetchOne(db, key: contactID)!.contact
        }
    }

    /// Whether `recipient` has had fewer than `cap` account emails in the hour before `now`.
    static func hasRoom(for recipient: EmailAddress, cap: Int, at now: Date, in db: Database) throws -> Bool {
        let sent =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM outbox WHERE recipient = ? AND createdAt > ?",
                arguments: [recipient.value, now.addingTimeInterval(-AccountLimits.hour)]) ?? 0
        return sent < cap
    }
}
