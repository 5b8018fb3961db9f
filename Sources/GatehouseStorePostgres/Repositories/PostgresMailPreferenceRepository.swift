import Foundation
import GatehouseCore
import PostgresNIO

public struct PostgresMailPreferenceRepository: MailPreferenceRepository {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func preferences(of addresses: [EmailAddress]) async throws -> [EmailAddress: MailPreference] {
        guard !addresses.isEmpty else { return [:] }
        return try await store.connection { connection in try await Self.preferences(of: addresses, connection, store) }
    }

    static func preferences(of addresses: [EmailAddress], _ connection: PostgresConnection, _ store: PostgresStore) async throws -> [EmailAddress:
        MailPreference]
    {
        guard !addresses.isEmpty else { return [:] }
        var found: [EmailAddress: MailPreference] = [:]
        let rows = try await connection.rows(
            "SELECT address, language, notificationsOffAt FROM mailPreference WHERE address = ANY(\(addresses.map(\.value))::text[])", store.logger)
        for row in rows {
            let (address, language, offAt) = try row.decode((String, String?, Date?).self)
            guard let address = EmailAddress(address) else { continue }
            found[address] = MailPreference(language: language, notificationsOffAt: offAt)
        }
        return found
    }

    /// A ticket write's recipients, in its transaction: ticket contacts, then the addresses, then the list's members.
    static func recipients(_ selection: MailRecipients, ticket: Ticket.ID, _ connection: PostgresConnection, _ store: PostgresStore) async throws
        -> [MailRecipient]
    {
        var found: [EmailAddress] = []
        let except = selection.exceptContact ?? 0
        if selection.ticketContacts {
            found += try await connection.rows(
                """
                SELECT c.email FROM ticketContact tc JOIN contact c ON c.id = tc.contactID WHERE tc.ticketID = \(ticket) AND c.id <> \(except)
                ORDER BY c.id
                """, store.logger
            ).compactMap { EmailAddress(try $0.decode(String.self)) }
        }
        found += selection.addresses
        if let list = selection.listMembers {
            found += try await connection.rows(
                """
                SELECT c.email FROM contactList l JOIN listMembership m ON m.listID = l.id JOIN contact c ON c.id = m.contactID
                WHERE lower(l.name) = lower(\(list)) AND c.id <> \(except) ORDER BY c.email
                """, store.logger
            ).compactMap { EmailAddress(try $0.decode(String.self)) }
        }
        return selection.wanted(found, preferences: try await preferences(of: found, connection, store))
    }

    public func setLanguage(_ language: String, for address: EmailAddress) async throws {
        try await store.connection { connection in try await Self.setLanguage(language, for: address, connection, store) }
    }

    /// In the caller's transaction (a ticket write keeps its author's language); writes only a change.
    static func setLanguage(_ language: String, for address: EmailAddress, _ connection: PostgresConnection, _ store: PostgresStore) async throws {
        try await connection.run(
            """
            INSERT INTO mailPreference (address, language) VALUES (\(address.value), \(language))
            ON CONFLICT (address) DO UPDATE SET language = excluded.language WHERE mailPreference.language IS DISTINCT FROM excluded.language
            """, store.logger)
    }

    public func setNotificationsOff(_ offAt: Date?, for address: EmailAddress) async throws {
        try await store.connection { connection in
            try await connection.run(
                """
                INSERT INTO mailPreference (address, notificationsOffAt) VALUES (\(address.value), \(offAt))
                ON CONFLICT (address) DO UPDATE SET notificationsOffAt = excluded.notificationsOffAt
                """, store.logger)
        }
    }

    public func signingKey() async throws -> Data {
        let candidate = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })
        return try await store.connection { connection in
            // Concurrent first starts of a fleet: the first insert wins and every instance reads it.
            try await connection.run(
                "INSERT INTO signingKey (name, key) VALUES ('unsubscribe', \(candidate)) ON CONFLICT (name) DO NOTHING", store.logger)
            let rows = try await connection.rows("SELECT key FROM signingKey WHERE name = 'unsubscribe'", store.logger)
            guard let row = rows.first else { throw StoreError.notFound("the unsubscribe signing key") }
            return try row.decode(Data.self)
        }
    }
}
