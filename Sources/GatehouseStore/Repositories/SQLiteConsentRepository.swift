import Foundation
import GRDB
import GatehouseCore

public struct SQLiteConsentRepository: ConsentRepository {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func record(_ consent: ConsentRecord) async throws {
        try await database.write { db in try Self.insert(consent, in: db) }
    }

    public func consents(of contact: Contact.ID) async throws -> [ConsentRecord] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM consent WHERE contactID = ? ORDER BY id", arguments: [contact]).map { row in
                ConsentRecord(contactID: row["contactID"], textVersion: row["textVersion"], accepted: row["accepted"], recordedAt: row["recordedAt"])
            }
        }
    }

    static func insert(_ consent: ConsentRecord, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO consent (contactID, textVersion, accepted, recordedAt) VALUES (?, ?, ?, ?)",
            arguments: [consent.contactID, consent.textVersion, consent.accepted, consent.recordedAt])
    }
}
