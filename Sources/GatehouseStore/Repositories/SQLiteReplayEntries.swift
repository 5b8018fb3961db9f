import Foundation
import GRDB
import GatehouseCore

/// The replay ledger's rows (SAML assertion IDs, JWT `jti`s), written only inside a sign-in's
/// transaction (``SQLiteSignInLedger``); the periodic purge deletes expired ones.
enum SQLiteReplayEntries {
    /// Records `key` in `namespace` until `expiry`; `false` when it is recorded and unexpired.
    static func record(namespace: String, key: String, until expiry: Date, now: Date, _ db: Database) throws -> Bool {
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
