import Foundation
import GatehouseCore
import PostgresNIO

public struct PostgresIdentityRepository: IdentityRepository {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func contactID(for identity: ExternalIdentity) async throws -> Contact.ID? {
        try await store.connection { connection in try await Self.contactID(for: identity, connection, store) }
    }

    public func link(_ identity: ExternalIdentity, to contact: Contact.ID, at: Date) async throws {
        try await store.connection { connection in
            _ = try await connection.insert(
                """
                INSERT INTO identity (contactID, kind, issuer, subject, createdAt)
                VALUES (\(contact), \(identity.kind.rawValue), \(identity.issuer), \(identity.subject), \(at))
                """, conflict: "identity \(identity.issuer)", store.logger)
        }
    }

    public func passwordHash(of contact: Contact.ID) async throws -> String? {
        try await store.connection { connection in
            try await connection.rows("SELECT passwordHash FROM identity WHERE kind = 'password' AND contactID = \(contact)", store.logger)
                .first?.decode(String?.self)
        }
    }

    public func setPasswordHash(_ hash: String, for contact: Contact.ID, at: Date) async throws {
        _ = try await store.transaction { connection in
            guard try await PostgresContactRepository.locked(contact, connection, store) != nil else {
                throw StoreError.notFound("contact \(contact)")
            }
            return try await Self.setPassword(hash, for: contact, at: at, keepingSession: nil, connection, store)
        }
    }

    public func removePassword(of contact: Contact.ID) async throws {
        try await store.transaction { connection in
            try await connection.run("DELETE FROM identity WHERE kind = 'password' AND contactID = \(contact)", store.logger)
            try await connection.run("UPDATE contact SET securityStamp = securityStamp + 1 WHERE id = \(contact)", store.logger)
        }
    }

    static func contactID(for identity: ExternalIdentity, _ connection: PostgresConnection, _ store: PostgresStore) async throws -> Contact.ID? {
        try await connection.rows(IdentityContactStatement(identity: identity), store.logger).first?.decode(Int64.self)
    }

    /// Every path that sets a password comes here, in the caller's transaction (which has locked the
    /// contact's row): the new hash replaces the old, the stamp moves on, unused links are voided and
    /// sessions but `keepingSession` end.
    static func setPassword(
        _ hash: String, for contact: Contact.ID, at: Date, keepingSession: String?, _ connection: PostgresConnection, _ store: PostgresStore
    ) async throws -> CredentialChange {
        try await connection.run("DELETE FROM identity WHERE kind = 'password' AND contactID = \(contact)", store.logger)
        try await connection.run(
            """
            INSERT INTO identity (contactID, kind, issuer, subject, passwordHash, createdAt)
            VALUES (\(contact), 'password', 'local', \(String(contact)), \(hash), \(at))
            """, store.logger)
        let rows = try await connection.rows(
            "UPDATE contact SET securityStamp = securityStamp + 1 WHERE id = \(contact) RETURNING \(unescaped: PostgresRows.contactColumns)",
            store.logger)
        guard let row = rows.first else { throw StoreError.notFound("contact \(contact)") }
        let updated = try PostgresRows.contact(row)
        let voided = try await PostgresTokens.voidUnused(of: contact, email: updated.email.value, at: at, connection, store)
        let ended = try await connection.run(
            "DELETE FROM session WHERE contactID = \(contact) AND keyDigest IS DISTINCT FROM \(keepingSession) RETURNING 1", store.logger)
        return CredentialChange(contact: updated, voidedTokens: voided, endedSessions: ended)
    }
}
