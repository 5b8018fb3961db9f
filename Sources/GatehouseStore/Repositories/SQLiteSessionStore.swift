import Foundation
import GRDB
import GatehouseCore

public struct SQLiteSessionStore: SessionStore {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func set(keyDigest: String, value: Data, expiresAt: Date?) async throws {
        try await database.pool.write { db in try SessionRecord(keyDigest: keyDigest, value: value, expiresAt: expiresAt).save(db) }
    }

    public func get(keyDigest: String, now: Date) async throws -> Data? {
        try database.quickRead { db in
            guard let record = try SessionRecord.fetchOne(db, key: keyDigest) else { return nil }
            if let expiresAt = record.expiresAt, expiresAt <= now { return nil }
            return record.value
        }
    }

    public func remove(keyDigest: String) async throws {
        _ = try await database.pool.write { db in try SessionRecord.deleteOne(db, key: keyDigest) }
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await database.pool.write { db in try SessionRecord.filter(SessionRecord.Columns.expiresAt <= now).deleteAll(db) }
    }
}
