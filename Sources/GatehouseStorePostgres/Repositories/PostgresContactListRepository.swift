import Foundation
import GatehouseCore
import PostgresNIO

public struct PostgresContactListRepository: ContactListRepository {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func createList(named name: String, at: Date) async throws -> ContactList {
        try await store.connection { connection in
            let rows = try await connection.insert(
                "INSERT INTO contactList (name, createdAt) VALUES (\(name), \(at)) RETURNING id", conflict: "list \(name)", store.logger)
            return ContactList(id: try rows[0].decode(Int64.self), name: name, createdAt: at)
        }
    }

    /// Names compare case-insensitively, as their uniqueness does.
    public func list(named name: String) async throws -> ContactList? {
        try await store.connection { connection in
            try await connection.rows("SELECT id, name, createdAt FROM contactList WHERE lower(name) = lower(\(name))", store.logger)
                .first.map(Self.list)
        }
    }

    public func allLists() async throws -> [ContactList] {
        try await store.connection { connection in
            try await connection.rows(
                "SELECT id, name, createdAt FROM contactList ORDER BY lower(name) COLLATE \"C\", name COLLATE \"C\"", store.logger
            ).map(Self.list)
        }
    }

    public func addMember(_ contact: Contact.ID, to list: ContactList.ID, at: Date) async throws {
        try await store.connection { connection in
            try await Self.addMember(contact, to: list, at: at, connection, store)
        }
    }

    public func removeMember(_ contact: Contact.ID, from list: ContactList.ID) async throws {
        try await store.connection { connection in
            try await connection.run("DELETE FROM listMembership WHERE listID = \(list) AND contactID = \(contact)", store.logger)
        }
    }

    public func members(of list: ContactList.ID) async throws -> [Contact] {
        try await store.connection { connection in
            try await connection.rows(
                """
                SELECT \(unescaped: PostgresRows.contactColumns) FROM contact
                WHERE id IN (SELECT contactID FROM listMembership WHERE listID = \(list)) ORDER BY lower(email) COLLATE \"C\", email COLLATE \"C\"
                """, store.logger
            ).map(PostgresRows.contact)
        }
    }

    /// Adding a member twice keeps the first membership.
    static func addMember(_ contact: Contact.ID, to list: ContactList.ID, at: Date, _ connection: PostgresConnection, _ store: PostgresStore)
        async throws
    {
        try await connection.run(
            "INSERT INTO listMembership (listID, contactID, addedAt) VALUES (\(list), \(contact), \(at)) ON CONFLICT DO NOTHING", store.logger)
    }

    static func list(_ row: PostgresRow) throws -> ContactList {
        let (id, name, createdAt) = try row.decode((Int64, String, Date).self)
        return ContactList(id: id, name: name, createdAt: createdAt)
    }
}
