import Foundation
import GRDB
import GatehouseCore

public struct SQLiteOutboxRepository: OutboxRepository {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func enqueue(_ message: OutboxMessage) async throws {
        try await database.write { db in
            var record = OutboxRecord(message)
            try record.insert(db)
        }
    }

    public func pending() async throws -> [OutboxMessage] {
        try await database.read { db in
            try OutboxRecord.filter(OutboxRecord.Columns.sentAt == nil).order(OutboxRecord.Columns.id).fetchAll(db).compactMap(\.message)
        }
    }

    public func markSent(_ id: Int64, at: Date) async throws {
        _ = try await database.write { db in
            try OutboxRecord.filter(OutboxRecord.Columns.id == id).updateAll(db, OutboxRecord.Columns.sentAt.set(to: at))
        }
    }
}
