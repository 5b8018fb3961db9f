import Foundation
import GRDB
import GatehouseCore

/// The membership writes that belong together, each in one transaction.
public struct SQLiteMembershipStore: MembershipStore {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func registerPending(_ registration: PendingRegistration) async throws -> Contact {
        try await database.write { db in
            var record: ContactRecord
            if let existing = try ContactRecord.find(email: registration.email, in: db) {
                // Only unverified contacts get here (the service answers verified ones by email).
                guard !existing.verified else { throw StoreError.conflict("contact \(registration.email) is verified") }
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
                    passwordHash: registration.passwordHash, name: registration.name, expiresAt: registration.tokenExpiresAt,
                    createdAt: registration.at)
            ).insert(db)
            var message = OutboxRecord(registration.message)
            try message.insert(db)
            return contact
        }
    }

    public func completeRegistration(tokenDigest: String, at now: Date) async throws -> Contact? {
        try await database.write { db in
            guard let token = try TokenRecord.consume(digest: tokenDigest, purpose: .registration, at: now, in: db),
                let contactID = token.contactID, var record = try ContactRecord.fetchOne(db, key: contactID), let passwordHash = token.passwordHash
            else { return nil }
            record.verified = true
            if let name = token.name { record.name = name }
            try record.update(db)
            try SQLiteIdentityRepository.setPassword(passwordHash, for: contactID, at: now, in: db)
            try TokenRecord.filter(
                Column("contactID") == contactID && TokenRecord.Columns.purpose == IssuedToken.Purpose.registration.rawValue
                    && TokenRecord.Columns.usedAt == nil
            ).deleteAll(db)
            return record.contact
        }
    }

    public func unusedToken(digest: String, purpose: IssuedToken.Purpose, at now: Date) async throws -> IssuedToken? {
        try await database.read { db in
            try TokenRecord.filter(
                TokenRecord.Columns.digest == digest && TokenRecord.Columns.purpose == purpose.rawValue && TokenRecord.Columns.usedAt == nil
                    && TokenRecord.Columns.expiresAt > now
            ).fetchOne(db)?.token
        }
    }

    public func issueToken(_ token: IssuedToken, message: OutboxMessage) async throws {
        try await database.write { db in
            try TokenRecord(token).insert(db)
            var record = OutboxRecord(message)
            try record.insert(db)
        }
    }

    public func resetPassword(tokenDigest: String, newPasswordHash: String, at now: Date) async throws -> Contact? {
        try await database.write { db in
            guard let token = try TokenRecord.consume(digest: tokenDigest, purpose: .passwordReset, at: now, in: db),
                let contactID = token.contactID, var record = try ContactRecord.fetchOne(db, key: contactID)
            else { return nil }
            record.verified = true
            try record.update(db)
            try SQLiteIdentityRepository.setPassword(newPasswordHash, for: contactID, at: now, in: db)
            return record.contact
        }
    }

    public func acceptInvitation(_ acceptance: InvitationAcceptance) async throws -> Contact? {
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
            let contact = record.contact
            try SQLiteIdentityRepository.setPassword(acceptance.passwordHash, for: contact.id, at: acceptance.at, in: db)
            if let version = acceptance.consentVersion {
                try SQLiteConsentRepository.insert(
                    ConsentRecord(contactID: contact.id, textVersion: version, accepted: acceptance.consentAccepted, recordedAt: acceptance.at),
                    in: db)
            }
            if let listID = token.listID {
                try ListMembershipRecord(listID: listID, contactID: contact.id, addedAt: acceptance.at).insert(db, onConflict: .ignore)
            }
            return contact
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
                    // Whoever registered this address with a password never proved the mailbox; the
                    // issuer just did. Their password must not become a way into this person's account.
                    try IdentityRecord.passwordFilter(contactID: existing.id!).deleteAll(db)
                    try TokenRecord.filter(Column("contactID") == existing.id! && TokenRecord.Columns.usedAt == nil).deleteAll(db)
                    record.verified = true
                    try record.update(db)
                }
            } else {
                record = ContactRecord(email: email, name: name, verified: true, isPortalAdmin: false, createdAt: now)
                try record.insert(db)
            }
            var link = IdentityRecord.external(identity, contactID: record.id!, at: now)
            try link.insert(db)
            return record.contact
        }
    }
}
