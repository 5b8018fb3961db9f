import Foundation
import GatehouseCore
import PostgresNIO

/// Email links in the caller's transaction: issue, consume once, void.
enum PostgresTokens {
    /// The token's contact (its own, or the one that has its address now) has not moved on since issue.
    static let currentStampCondition = """
        COALESCE((SELECT securityStamp FROM contact WHERE contact.id = token.contactID
                  OR (token.contactID IS NULL AND lower(contact.email) = lower(token.email))), 0) = token.securityStamp
        """

    static func issue(_ token: IssuedToken, _ connection: PostgresConnection, _ store: PostgresStore) async throws {
        _ = try await connection.insert(
            """
            INSERT INTO token (digest, purpose, email, contactID, listID, passwordHash, name, securityStamp, expiresAt, createdAt)
            VALUES (\(token.digest), \(token.purpose.rawValue), \(token.email.value), \(token.contactID), \(token.listID), \(token.passwordHash),
                    \(token.name), \(token.securityStamp), \(token.expiresAt), \(token.createdAt))
            """, conflict: "token", store.logger)
    }

    /// Marks the token used and returns it when it is unused, unexpired and its contact is still at the
    /// token's stamp. The UPDATE's WHERE makes it single use: of two transactions racing with one link,
    /// the second waits for the first's row lock, re-reads the row, finds `usedAt` set and updates nothing.
    static func consume(digest: String, purpose: IssuedToken.Purpose, at now: Date, _ connection: PostgresConnection, _ store: PostgresStore)
        async throws -> IssuedToken?
    {
        try await connection.rows(
            """
            UPDATE token SET usedAt = \(now)
            WHERE digest = \(digest) AND purpose = \(purpose.rawValue) AND usedAt IS NULL AND expiresAt > \(now)
              AND \(unescaped: currentStampCondition)
            RETURNING \(unescaped: PostgresRows.tokenColumns)
            """, store.logger
        ).first.flatMap(PostgresRows.token)
    }

    /// Voids the contact's unused links; returns how many.
    static func voidUnused(of contactID: Int64, email: String, at now: Date, _ connection: PostgresConnection, _ store: PostgresStore) async throws
        -> Int
    {
        try await connection.run(
            """
            UPDATE token SET usedAt = \(now) WHERE usedAt IS NULL AND expiresAt > \(now)
              AND (contactID = \(contactID) OR (contactID IS NULL AND lower(email) = lower(\(email)))) RETURNING 1
            """, store.logger)
    }
}
