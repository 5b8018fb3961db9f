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

    public func load(keyDigest: String, now: Date) async throws -> LoadedSession? {
        try await store.connection { connection in
            guard let row = try await connection.rows(LoadSessionStatement(keyDigest: keyDigest, now: now), store.logger).first else { return nil }
            let cells = row.makeRandomAccess()
            // The contact's columns come first (PostgresRows.contact decodes them), all NULL when there is none.
            let contact = try cells[0].decode(Int64?.self) == nil ? nil : try PostgresRows.contact(row)
            return LoadedSession(value: try cells[8].decode(Data.self), contactID: try cells[9].decode(Int64?.self), contact: contact)
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
