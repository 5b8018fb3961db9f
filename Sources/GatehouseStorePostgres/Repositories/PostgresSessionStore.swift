import Foundation
import GatehouseCore
import PostgresNIO

/// Sessions in the shared database: a session started on one instance is seen by every other, and
/// removing it (sign-out, a password change) ends it everywhere at once.
public struct PostgresSessionStore: SessionStore {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func set(keyDigest: String, value: Data, expiresAt: Date?, contactID: Contact.ID?) async throws {
        try await store.connection { connection in
            try await connection.run(
                """
                INSERT INTO session (keyDigest, value, expiresAt, contactID) VALUES (\(keyDigest), \(value), \(expiresAt), \(contactID))
                ON CONFLICT (keyDigest) DO UPDATE SET value = excluded.value, expiresAt = excluded.expiresAt, contactID = excluded.contactID
                """, store.logger)
        }
    }

    public func get(keyDigest: String, now: Date) async throws -> Data? {
        try await store.connection { connection in
            try await connection.rows(SessionValueStatement(keyDigest: keyDigest, now: now), store.logger).first?.decode(Data.self)
        }
    }

    public func remove(keyDigest: String) async throws {
        try await store.connection { connection in
            try await connection.run("DELETE FROM session WHERE keyDigest = \(keyDigest)", store.logger)
        }
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await store.connection { connection in
            try await connection.run("DELETE FROM session WHERE expiresAt <= \(now) RETURNING 1", store.logger)
        }
    }
}
