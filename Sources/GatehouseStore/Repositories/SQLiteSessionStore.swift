import Foundation
import GRDB
import GatehouseCore

public struct SQLiteSessionStore: SessionStore {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func set(keyDigest: String, value: Data, expiresAt: Date?, contactID: Contact.ID?) async throws {
        try await database.write { db in
            try SessionRecord(keyDigest: keyDigest, value: value, expiresAt: expiresAt, contactID: contactID).save(db)
        }
    }

    public func load(keyDigest: String, now: Date) async throws -> LoadedSession? {
        try await database.read { db in
            // Every page request runs this: cached statements on one reader, one hop to the database's threads.
            let statement = try db.cachedStatement(sql: "SELECT value, expiresAt, contactID FROM session WHERE keyDigest = ?")
            guard let row = try Row.fetchOne(statement, arguments: [keyDigest]) else { return nil }
            if let expiresAt: Date = row["expiresAt"], expiresAt <= now { return nil }
            let contactID: Int64? = row["contactID"]
            let contact = try contactID.flatMap { id in
                try ContactRecord.fetchOne(try db.cachedStatement(sql: "SELECT * FROM contact WHERE id = ?"), arguments: [id])?.contact
            }
            return LoadedSession(value: row["value"], contactID: contactID, contact: contact)
        }
    }

    public func remove(keyDigest: String) async throws {
        _ = try await database.write { db in try SessionRecord.deleteOne(db, key: keyDigest) }
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await database.write { db in try SessionRecord.filter(SessionRecord.Columns.expiresAt <= now).deleteAll(db) }
    }
}
