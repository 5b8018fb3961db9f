import Foundation
import GRDB
import GatehouseCore

public struct SQLiteMailPreferenceRepository: MailPreferenceRepository {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func preferences(of addresses: [EmailAddress]) async throws -> [EmailAddress: MailPreference] {
        guard !addresses.isEmpty else { return [:] }
        return try await database.read { db in try Self.preferences(of: addresses, in: db) }
    }

    static func preferences(of addresses: [EmailAddress], in db: Database) throws -> [EmailAddress: MailPreference] {
        guard !addresses.isEmpty else { return [:] }
        var found: [EmailAddress: MailPreference] = [:]
        let rows = try Row.fetchAll(
            db,
            sql:
                "SELECT address, language, notificationsOffAt FROM mailPreference WHERE address IN (\(databaseQuestionMarks(count: addresses.count)))",
            arguments: StatementArguments(addresses.map(\.value)))
        for row in rows {
            guard let address = EmailAddress(row["address"]) else { continue }
            found[address] = MailPreference(language: row["language"], notificationsOffAt: row["notificationsOffAt"])
        }
        return found
    }

    /// A ticket write's recipients, in its transaction: ticket contacts, then the addresses, then the list's members.
    static func recipients(_ selection: MailRecipients, ticket: Ticket.ID, in db: Database) throws -> [MailRecipient] {
        var found: [EmailAddress] = []
        if selection.ticketContacts {
            found += try String.fetchAll(
                db,
                sql:
                    "SELECT c.email FROM ticketContact tc JOIN contact c ON c.id = tc.contactID WHERE tc.ticketID = ? AND c.id IS NOT ? ORDER BY c.id",
                arguments: [ticket, selection.exceptContact]
            ).compactMap(EmailAddress.init)
        }
        found += selection.addresses
        if let list = selection.listMembers {
            // contactList.name compares without case (its column's collation), as list(named:) does.
            found += try String.fetchAll(
                db,
                sql: """
                    SELECT c.email FROM contactList l JOIN listMembership m ON m.listID = l.id JOIN contact c ON c.id = m.contactID
                    WHERE l.name = ? AND c.id IS NOT ? ORDER BY c.email
                    """, arguments: [list, selection.exceptContact]
            ).compactMap(EmailAddress.init)
        }
        return selection.wanted(found, preferences: try preferences(of: found, in: db))
    }

    public func setLanguage(_ language: String, for address: EmailAddress) async throws {
        try await database.write { db in try Self.setLanguage(language, for: address, in: db) }
    }

    /// In the caller's transaction (a ticket write keeps its author's language); writes only a change.
    static func setLanguage(_ language: String, for address: EmailAddress, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO mailPreference (address, language) VALUES (?, ?)
                ON CONFLICT (address) DO UPDATE SET language = excluded.language WHERE language IS NOT excluded.language
                """, arguments: [address.value, language])
    }

    public func setNotificationsOff(_ offAt: Date?, for address: EmailAddress) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO mailPreference (address, notificationsOffAt) VALUES (?, ?)
                    ON CONFLICT (address) DO UPDATE SET notificationsOffAt = excluded.notificationsOffAt
                    """, arguments: [address.value, offAt])
        }
    }

    public func signingKey() async throws -> Data {
        if let key = try await database.read({ db in try Data.fetchOne(db, sql: "SELECT key FROM signingKey WHERE name = 'unsubscribe'") }) {
            return key
        }
        let candidate = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })
        return try await database.write { db in
            // Two processes may both get here: the first insert wins and both read it.
            try db.execute(sql: "INSERT OR IGNORE INTO signingKey (name, key) VALUES ('unsubscribe', ?)", arguments: [candidate])
            return try Data.fetchOne(db, sql: "SELECT key FROM signingKey WHERE name = 'unsubscribe'") ?? candidate
        }
    }
}
