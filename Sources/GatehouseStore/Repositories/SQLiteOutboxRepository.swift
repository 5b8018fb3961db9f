import Foundation
import GRDB
import GatehouseCore

public struct SQLiteOutboxRepository: OutboxRepository {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func enqueue(_ message: OutboxMessage) async throws {
        try await database.write { db in try OutboxRecord.insert(message, in: db) }
    }

    public func pending() async throws -> [OutboxMessage] {
        try await database.read { db in
            try OutboxRecord.filter(OutboxRecord.Columns.sentAt == nil && OutboxRecord.Columns.failedAt == nil).order(OutboxRecord.Columns.id)
                .fetchAll(db).compactMap(\.message)
        }
    }

    /// One write transaction: SQLite has one writer, so two workers' claims cannot interleave.
    public func claim(limit: Int, leaseUntil: Date, now: Date) async throws -> [OutboxMessage] {
        try await database.write { db in
            let records = try OutboxRecord.fetchAll(
                db,
                sql: """
                    SELECT * FROM outbox WHERE sentAt IS NULL AND failedAt IS NULL
                    AND (nextAttemptAt IS NULL OR nextAttemptAt <= ?) AND (leasedUntil IS NULL OR leasedUntil <= ?)
                    ORDER BY id LIMIT ?
                    """, arguments: [now, now, limit])
            var claimed: [OutboxMessage] = []
            for var record in records {
                record.attempts += 1
                try db.execute(
                    sql: "UPDATE outbox SET leasedUntil = ?, attempts = ? WHERE id = ?", arguments: [leaseUntil, record.attempts, record.id])
                if let message = record.message {
                    claimed.append(message)
                } else {
                    try db.execute(
                        sql: "UPDATE outbox SET failedAt = ?, lastReply = 'unreadable recipient' WHERE id = ?", arguments: [now, record.id])
                }
            }
            return claimed
        }
    }

    public func markSent(_ id: Int64, at date: Date, reply: String?) async throws {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE outbox SET sentAt = ?, lastReply = coalesce(?, lastReply), leasedUntil = NULL WHERE id = ? AND sentAt IS NULL",
                arguments: [date, reply, id])
        }
    }

    public func markSent(_ sent: [(id: Int64, reply: String?)], at date: Date) async throws {
        guard !sent.isEmpty else { return }
        try await database.write { db in
            let statement = try db.cachedStatement(
                sql: "UPDATE outbox SET sentAt = ?, lastReply = coalesce(?, lastReply), leasedUntil = NULL WHERE id = ? AND sentAt IS NULL")
            for (id, reply) in sent { try statement.execute(arguments: [date, reply, id]) }
        }
    }

    public func markRetry(_ id: Int64, nextAttemptAt: Date, reply: String) async throws {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE outbox SET nextAttemptAt = ?, lastReply = ?, leasedUntil = NULL WHERE id = ? AND sentAt IS NULL",
                arguments: [nextAttemptAt, reply, id])
        }
    }

    public func markFailed(_ id: Int64, at date: Date, reply: String) async throws {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE outbox SET failedAt = ?, lastReply = ?, leasedUntil = NULL WHERE id = ? AND sentAt IS NULL",
                arguments: [date, reply, id])
        }
    }

    public func retry(_ id: Int64, at date: Date) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE outbox SET failedAt = NULL, nextAttemptAt = ?, leasedUntil = NULL WHERE id = ? AND sentAt IS NULL",
                arguments: [date, id])
            return db.changesCount == 1
        }
    }

    public func messages(_ filter: OutboxFilter, limit: Int) async throws -> [OutboxMessage] {
        try await database.read { db in
            let condition: String
            switch filter {
            case .pending: condition = "WHERE sentAt IS NULL AND failedAt IS NULL"
            case .sent: condition = "WHERE sentAt IS NOT NULL"
            case .failed: condition = "WHERE failedAt IS NOT NULL AND sentAt IS NULL"
            case .all: condition = ""
            }
            return try OutboxRecord.fetchAll(db, sql: "SELECT * FROM outbox \(condition) ORDER BY id DESC LIMIT ?", arguments: [limit])
                .compactMap(\.message)
        }
    }

    public func backlog() async throws -> OutboxBacklog {
        try await database.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT COUNT(*) AS n, MIN(createdAt) AS oldest FROM outbox WHERE sentAt IS NULL AND failedAt IS NULL")
            return OutboxBacklog(count: row?["n"] ?? 0, oldest: row?["oldest"])
        }
    }
}
