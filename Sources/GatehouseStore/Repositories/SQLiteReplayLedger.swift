import Foundation
import GRDB
import GatehouseCore

/// The persistent replay cache for SAML assertion IDs and JWT `jti`s: survives restarts and is shared
/// by every process on the database.
public struct SQLiteReplayLedger: ReplayLedger {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func record(namespace: String, key: String, until expiry: Date, now: Date) async throws -> Bool {
        try await database.write { db in
            // Expired entries may be reused; the insert below then succeeds.
            try ReplayEntryRecord.filter(ReplayEntryRecord.Columns.namespace == namespace && ReplayEntryRecord.Columns.key == key)
                .filter(ReplayEntryRecord.Columns.expiresAt <= now).deleteAll(db)
            do {
                try ReplayEntryRecord(namespace: namespace, key: key, expiresAt: expiry).insert(db)
                return true
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                return false
            }
        }
    }

    /// Deletes expired entries; returns how many.
    public func purgeExpired(now: Date) async throws -> Int {
        try await database.write { db in try ReplayEntryRecord.filter(ReplayEntryRecord.Columns.expiresAt <= now).deleteAll(db) }
    }
}
