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

    public func load(keyDigest: String, now: Date) async throws -> LoadedSession? {
        try await store.connection { connection in
            guard let row = try await connection.rows(LoadSessionStatement(keyDigest: keyDigest, now: now), store.logger).first else { return nil }
            let (value, contactID) = try row.decode((Data, Int64?).self)
            let cells = row.makeRandomAccess()
            let contact: Contact?
            if let id = try cells[2].decode(Int64?.self) {
                guard let email = EmailAddress(try cells[3].decode(String.self)) else {
                    throw StoreError.notFound("contact \(id) has an unreadable email")
                }
                contact = Contact(
                    id: id, email: email, name: try cells[4].decode(String.self), verified: try cells[5].decode(Bool.self),
                    isPortalAdmin: try cells[6].decode(Bool.self), isAgent: try cells[7].decode(Bool.self), createdAt: try cells[8].decode(Date.self),
                    securityStamp: try cells[9].decode(Int.self))
            } else {
                contact = nil
            }
            return LoadedSession(value: value, contactID: contactID, contact: contact)
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
