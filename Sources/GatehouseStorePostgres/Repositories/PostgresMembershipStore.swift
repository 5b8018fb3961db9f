import Foundation
import GatehouseCore
import PostgresNIO

/// The membership writes that belong together, each in one transaction. Where SQLite's single writer
/// makes "look, then write" atomic, these lock what they decide on: the address (`email:` advisory
/// lock, also taken by the email cap) or the contact's row (`FOR UPDATE`, for its stamp).
public struct PostgresMembershipStore: MembershipStore {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func registerPending(_ registration: PendingRegistration, emailCap: Int, completing: AccountRequestCompletion?) async throws -> Bool {
        try await store.transaction { connection in
            try await connection.lock(["email:" + registration.email.value], store.logger)
            guard try await PostgresOutboxRepository.hasRoom(for: registration.email, cap: emailCap, at: registration.at, connection, store) else {
                return false
            }
            if let completing { try await PostgresAccountRequestQueue.complete(completing, connection, store) }
            let contact: Contact
            if let existing = try await PostgresContactRepository.find(email: registration.email, connection, store, lock: true) {
                // Only unverified contacts get here (verified ones get an "already registered" email).
                guard !existing.verified, existing.securityStamp == registration.expectedStamp else {
                    throw StoreError.conflict("contact \(registration.email) changed")
                }
                contact = existing
            } else {
                let rows = try await connection.insert(
                    """
                    INSERT INTO contact (email, name, verified, isPortalAdmin, createdAt)
                    VALUES (\(registration.email.value), \(registration.name), false, false, \(registration.at))
                    RETURNING \(unescaped: PostgresRows.contactColumns)
                    """, conflict: "contact \(registration.email)", store.logger)
                contact = try PostgresRows.contact(rows[0])
            }
            if let version = registration.consentVersion {
                try await PostgresConsentRepository.insert(
                    ConsentRecord(contactID: contact.id, textVersion: version, accepted: registration.consentAccepted, recordedAt: registration.at),
                    connection, store)
            }
            try await PostgresTokens.issue(
                IssuedToken(
                    digest: registration.tokenDigest, purpose: .registration, email: registration.email, contactID: contact.id,
                    name: registration.name, securityStamp: contact.securityStamp, expiresAt: registration.tokenExpiresAt,
                    createdAt: registration.at), connection, store)
            try await PostgresOutboxRepository.enqueue(registration.message, connection, store)
            return true
        }
    }

    public func unusedToken(digest: String, purpose: IssuedToken.Purpose, at now: Date) async throws -> IssuedToken? {
        try await store.connection { connection in
            try await connection.rows(
                """
                SELECT \(unescaped: PostgresRows.tokenColumns) FROM token
                WHERE digest = \(digest) AND purpose = \(purpose.rawValue) AND usedAt IS NULL AND expiresAt > \(now)
                  AND \(unescaped: PostgresTokens.currentStampCondition)
                """, store.logger
            ).first.flatMap(PostgresRows.token)
        }
    }

    public func issueToken(_ token: IssuedToken, message: OutboxMessage, emailCap: Int, completing: AccountRequestCompletion?) async throws
        -> Bool
    {
        try await store.transaction { connection in
            if let contactID = token.contactID {
                guard let contact = try await PostgresContactRepository.locked(contactID, connection, store),
                    contact.securityStamp == token.securityStamp
                else { throw StoreError.conflict("contact \(contactID) changed") }
            }
            guard try await PostgresOutboxRepository.hasRoom(for: message.recipient, cap: emailCap, at: message.createdAt, connection, store) else {
                return false
            }
            if let completing { try await PostgresAccountRequestQueue.complete(completing, connection, store) }
            try await PostgresTokens.issue(token, connection, store)
            try await PostgresOutboxRepository.enqueue(message, connection, store)
            return true
        }
    }

    public func completeRegistration(tokenDigest: String, passwordHash: String, at now: Date, keepingSession: String?) async throws
        -> CredentialChange?
    {
        try await store.transaction { connection in
            guard let token = try await PostgresTokens.consume(digest: tokenDigest, purpose: .registration, at: now, connection, store),
                let contactID = token.contactID, try await PostgresContactRepository.locked(contactID, connection, store) != nil
            else { return nil }
            try await connection.run(
                "UPDATE contact SET verified = true, name = COALESCE(\(token.name), name) WHERE id = \(contactID)", store.logger)
            return try await PostgresIdentityRepository.setPassword(
                passwordHash, for: contactID, at: now, keepingSession: keepingSession, connection, store)
        }
    }

    public func resetPassword(tokenDigest: String, newPasswordHash: String, at now: Date, keepingSession: String?) async throws -> CredentialChange? {
        try await store.transaction { connection in
            guard let token = try await PostgresTokens.consume(digest: tokenDigest, purpose: .passwordReset, at: now, connection, store),
                let contactID = token.contactID, try await PostgresContactRepository.locked(contactID, connection, store) != nil
            else { return nil }
            try await connection.run("UPDATE contact SET verified = true WHERE id = \(contactID)", store.logger)
            return try await PostgresIdentityRepository.setPassword(
                newPasswordHash, for: contactID, at: now, keepingSession: keepingSession, connection, store)
        }
    }

    public func acceptInvitation(_ acceptance: InvitationAcceptance) async throws -> CredentialChange? {
        try await store.transaction { connection in
            guard
                let token = try await PostgresTokens.consume(
                    digest: acceptance.tokenDigest, purpose: .invitation, at: acceptance.at, connection, store)
            else { return nil }
            try await connection.lock(["email:" + token.email.value], store.logger)
            let contactID: Contact.ID
            if let existing = try await PostgresContactRepository.find(email: token.email, connection, store, lock: true) {
                contactID = existing.id
                try await connection.run("UPDATE contact SET verified = true WHERE id = \(contactID)", store.logger)
            } else {
                let rows = try await connection.insert(
                    """
                    INSERT INTO contact (email, name, verified, isPortalAdmin, createdAt)
                    VALUES (\(token.email.value), \(acceptance.name), true, false, \(acceptance.at)) RETURNING id
                    """, conflict: "contact \(token.email)", store.logger)
                contactID = try rows[0].decode(Int64.self)
            }
            if let version = acceptance.consentVersion {
                try await PostgresConsentRepository.insert(
                    ConsentRecord(contactID: contactID, textVersion: version, accepted: acceptance.consentAccepted, recordedAt: acceptance.at),
                    connection, store)
            }
            if let listID = token.listID {
                try await PostgresContactListRepository.addMember(contactID, to: listID, at: acceptance.at, connection, store)
            }
            return try await PostgresIdentityRepository.setPassword(
                acceptance.passwordHash, for: contactID, at: acceptance.at, keepingSession: acceptance.keepingSession, connection, store)
        }
    }

    public func changePassword(contactID: Contact.ID, expectedStamp: Int, newPasswordHash: String, at now: Date, keepingSession: String?)
        async throws -> CredentialChange?
    {
        try await store.transaction { connection in
            guard let contact = try await PostgresContactRepository.locked(contactID, connection, store), contact.securityStamp == expectedStamp
            else { return nil }
            return try await PostgresIdentityRepository.setPassword(
                newPasswordHash, for: contactID, at: now, keepingSession: keepingSession, connection, store)
        }
    }

    public func linkExternalIdentity(_ identity: ExternalIdentity, email: EmailAddress, name: String, at now: Date) async throws -> Contact {
        try await store.transaction { connection in
            // Concurrent first logins of one identity (or of two identities with one address) on any
            // instance link one after the other; the later finds the earlier's link.
            try await connection.lock(
                ["identity:\(identity.kind.rawValue):\(identity.issuer):\(identity.subject)", "email:" + email.value], store.logger)
            if let linked = try await PostgresIdentityRepository.contactID(for: identity, connection, store),
                let contact = try await PostgresContactRepository.locked(linked, connection, store)
            {
                return contact
            }
            let contactID: Contact.ID
            if let existing = try await PostgresContactRepository.find(email: email, connection, store, lock: true) {
                contactID = existing.id
                if !existing.verified {
                    // Whoever registered this address never proved the mailbox; the issuer just did. A
                    // password set on it before must not become a way into this person's account.
                    try await connection.run("DELETE FROM identity WHERE kind = 'password' AND contactID = \(contactID)", store.logger)
                    try await connection.run("UPDATE contact SET verified = true WHERE id = \(contactID)", store.logger)
                }
            } else {
                let rows = try await connection.insert(
                    "INSERT INTO contact (email, name, verified, isPortalAdmin, createdAt) VALUES (\(email.value), \(name), true, false, \(now)) RETURNING id",
                    conflict: "contact \(email)", store.logger)
                contactID = try rows[0].decode(Int64.self)
            }
            try await connection.run(
                """
                INSERT INTO identity (contactID, kind, issuer, subject, createdAt)
                VALUES (\(contactID), \(identity.kind.rawValue), \(identity.issuer), \(identity.subject), \(now))
                """, store.logger)
            // A new way into the account: links sent for its earlier state stop working.
            let rows = try await connection.rows(
                "UPDATE contact SET securityStamp = securityStamp + 1 WHERE id = \(contactID) RETURNING \(unescaped: PostgresRows.contactColumns)",
                store.logger)
            let contact = try PostgresRows.contact(rows[0])
            _ = try await PostgresTokens.voidUnused(of: contactID, email: contact.email.value, at: now, connection, store)
            return contact
        }
    }
}
