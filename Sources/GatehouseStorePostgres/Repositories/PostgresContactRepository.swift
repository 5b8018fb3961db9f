import Foundation
import GatehouseCore
import PostgresNIO

public struct PostgresContactRepository: ContactRepository {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func contact(id: Contact.ID) async throws -> Contact? {
        try await store.connection { connection in
            try await connection.rows(ContactByIDStatement(id: id), store.logger).first.map(PostgresRows.contact)
        }
    }

    public func contact(email: EmailAddress) async throws -> Contact? {
        try await store.connection { connection in try await Self.find(email: email, connection, store) }
    }

    public func createContact(email: EmailAddress, name: String, verified: Bool, isPortalAdmin: Bool, at: Date) async throws -> Contact {
        try await store.connection { connection in
            let rows = try await connection.insert(
                """
                INSERT INTO contact (email, name, verified, isPortalAdmin, createdAt) VALUES (\(email.value), \(name), \(verified), \(isPortalAdmin), \(at))
                RETURNING \(unescaped: PostgresRows.contactColumns)
                """, conflict: "contact \(email)", store.logger)
            return try PostgresRows.contact(rows[0])
        }
    }

    public func markVerified(_ id: Contact.ID) async throws {
        try await update(id, "UPDATE contact SET verified = true WHERE id = \(id) RETURNING 1")
    }

    public func setPortalAdmin(_ id: Contact.ID, _ isAdmin: Bool) async throws {
        try await update(id, "UPDATE contact SET isPortalAdmin = \(isAdmin) WHERE id = \(id) RETURNING 1")
    }

    public func setAgent(_ id: Contact.ID, _ isAgent: Bool) async throws {
        try await update(id, "UPDATE contact SET isAgent = \(isAgent) WHERE id = \(id) RETURNING 1")
    }

    public func listNames(of id: Contact.ID) async throws -> [String] {
        try await store.connection { connection in
            try await connection.rows(ContactListNamesStatement(contactID: id), store.logger).map { try $0.decode(String.self) }
        }
    }

    public func allContacts() async throws -> [Contact] {
        try await store.connection { connection in
            try await connection.rows(
                "SELECT \(unescaped: PostgresRows.contactColumns) FROM contact ORDER BY lower(email) COLLATE \"C\", email COLLATE \"C\"", store.logger
            )
            .map(PostgresRows.contact)
        }
    }

    private func update(_ id: Contact.ID, _ query: PostgresQuery) async throws {
        let changed = try await store.connection { connection in try await connection.run(query, store.logger) }
        guard changed == 1 else { throw StoreError.notFound("contact \(id)") }
    }

    /// Emails are stored normalised; the unique index is on `lower(email)`, and so is the lookup.
    static func find(email: EmailAddress, _ connection: PostgresConnection, _ store: PostgresStore, lock: Bool = false) async throws -> Contact? {
        let query: PostgresQuery =
            lock
            ? "SELECT \(unescaped: PostgresRows.contactColumns) FROM contact WHERE lower(email) = lower(\(email.value)) FOR UPDATE"
            : "SELECT \(unescaped: PostgresRows.contactColumns) FROM contact WHERE lower(email) = lower(\(email.value))"
        return try await connection.rows(query, store.logger).first.map(PostgresRows.contact)
    }

    /// The contact, its row locked until the transaction ends (credential changes decide on its stamp).
    static func locked(_ id: Contact.ID, _ connection: PostgresConnection, _ store: PostgresStore) async throws -> Contact? {
        try await connection.rows("SELECT \(unescaped: PostgresRows.contactColumns) FROM contact WHERE id = \(id) FOR UPDATE", store.logger)
            .first.map(PostgresRows.contact)
    }
}
