import Foundation
import GRDB
import GatehouseCore

public struct SQLiteAuditLog: AuditLog {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func record(_ event: AuditEvent) async throws {
        try await database.write { db in try Self.insert(event, db) }
    }

    /// The insert in the caller's transaction (also ``SQLiteSignInLedger``'s).
    static func insert(_ event: AuditEvent, _ db: Database) throws {
        var record = AuditEventRecord(event)
        try record.insert(db)
    }

    public func recent(limit: Int) async throws -> [AuditEvent] {
        try await database.read { db in
            try AuditEventRecord.order(AuditEventRecord.Columns.id.desc).limit(limit).fetchAll(db).compactMap(\.event)
        }
    }
}
