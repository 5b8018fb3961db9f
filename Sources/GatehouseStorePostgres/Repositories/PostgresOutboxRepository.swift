import Foundation
import GatehouseCore
import PostgresNIO

public struct PostgresOutboxRepository: OutboxRepository {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    static let columns =
        "id, recipient, subject, body, createdAt, sentAt, html, kind, language, messageToken, failedAt, attempts, nextAttemptAt, lastReply, "
        + "unsubscribeURL, threadID"

    public func enqueue(_ message: OutboxMessage) async throws {
        try await store.connection { connection in try await Self.enqueue(message, connection, store) }
    }

    public func pending() async throws -> [OutboxMessage] {
        try await store.connection { connection in
            try await Self.messages(
                connection.rows(
                    "SELECT \(unescaped: Self.columns) FROM outbox WHERE sentAt IS NULL AND failedAt IS NULL ORDER BY id", store.logger))
        }
    }

    /// `FOR UPDATE SKIP LOCKED`: concurrent workers of several instances each take different messages
    /// without waiting for each other.
    public func claim(limit: Int, leaseUntil: Date, now: Date) async throws -> [OutboxMessage] {
        try await store.connection { connection in
            let claimed = try await Self.messages(
                connection.rows(
                    """
                    UPDATE outbox SET leasedUntil = \(leaseUntil), attempts = attempts + 1 WHERE id IN (
                        SELECT id FROM outbox WHERE sentAt IS NULL AND failedAt IS NULL
                        AND (nextAttemptAt IS NULL OR nextAttemptAt <= \(now)) AND (leasedUntil IS NULL OR leasedUntil <= \(now))
                        ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                    RETURNING \(unescaped: Self.columns)
                    """, store.logger))
            return claimed.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        }
    }

    public func markSent(_ id: Int64, at date: Date, reply: String?) async throws {
        try await store.connection { connection in
            try await connection.run(
                """
                UPDATE outbox SET sentAt = \(date), lastReply = coalesce(\(reply), lastReply), leasedUntil = NULL
                WHERE id = \(id) AND sentAt IS NULL
                """, store.logger)
        }
    }

    /// One statement for the batch: the ids and replies as two arrays, unnested side by side.
    public func markSent(_ sent: [(id: Int64, reply: String?)], at date: Date) async throws {
        guard !sent.isEmpty else { return }
        let ids = sent.map(\.id)
        let replies = sent.map { $0.reply ?? "" }
        try await store.connection { connection in
            try await connection.run(
                """
                UPDATE outbox SET sentAt = \(date), lastReply = COALESCE(NULLIF(batch.reply, ''), outbox.lastReply), leasedUntil = NULL
                FROM unnest(\(ids)::bigint[], \(replies)::text[]) AS batch (id, reply)
                WHERE outbox.id = batch.id AND outbox.sentAt IS NULL
                """, store.logger)
        }
    }

    public func markRetry(_ id: Int64, nextAttemptAt: Date, reply: String) async throws {
        try await store.connection { connection in
            try await connection.run(
                """
                UPDATE outbox SET nextAttemptAt = \(nextAttemptAt), lastReply = \(reply), leasedUntil = NULL
                WHERE id = \(id) AND sentAt IS NULL
                """, store.logger)
        }
    }

    public func markFailed(_ id: Int64, at date: Date, reply: String) async throws {
        try await store.connection { connection in
            try await connection.run(
                "UPDATE outbox SET failedAt = \(date), lastReply = \(reply), leasedUntil = NULL WHERE id = \(id) AND sentAt IS NULL", store.logger)
        }
    }

    public func retry(_ id: Int64, at date: Date) async throws -> Bool {
        try await store.connection { connection in
            try await !connection.rows(
                """
                UPDATE outbox SET failedAt = NULL, nextAttemptAt = \(date), leasedUntil = NULL
                WHERE id = \(id) AND sentAt IS NULL RETURNING 1
                """, store.logger
            ).isEmpty
        }
    }

    public func messages(_ filter: OutboxFilter, limit: Int) async throws -> [OutboxMessage] {
        try await store.connection { connection in
            let rows: [PostgresRow]
            switch filter {
            case .pending:
                rows = try await connection.rows(
                    "SELECT \(unescaped: Self.columns) FROM outbox WHERE sentAt IS NULL AND failedAt IS NULL ORDER BY id DESC LIMIT \(limit)",
                    store.logger)
            case .sent:
                rows = try await connection.rows(
                    "SELECT \(unescaped: Self.columns) FROM outbox WHERE sentAt IS NOT NULL ORDER BY id DESC LIMIT \(limit)", store.logger)
            case .failed:
                rows = try await connection.rows(
                    "SELECT \(unescaped: Self.columns) FROM outbox WHERE failedAt IS NOT NULL AND sentAt IS NULL ORDER BY id DESC LIMIT \(limit)",
                    store.logger)
            case .all:
                rows = try await connection.rows("SELECT \(unescaped: Self.columns) FROM outbox ORDER BY id DESC LIMIT \(limit)", store.logger)
            }
            return try Self.messages(rows)
        }
    }

    public func backlog() async throws -> OutboxBacklog {
        try await store.connection { connection in
            let row = try await connection.rows(
                "SELECT COUNT(*), MIN(createdAt) FROM outbox WHERE sentAt IS NULL AND failedAt IS NULL", store.logger
            ).first
            let (count, oldest) = try row?.decode((Int, Date?).self) ?? (0, nil)
            return OutboxBacklog(count: count, oldest: oldest)
        }
    }

    static func messages(_ rows: [PostgresRow]) throws -> [OutboxMessage] {
        try rows.compactMap { row in
            let (
                id, recipient, subject, body, createdAt, sentAt, html, kind, language, token, failedAt, attempts, nextAttemptAt, lastReply,
                unsubscribe,
                thread
            ) = try row.decode(
                (Int64, String, String, String, Date, Date?, String?, String, String?, String, Date?, Int64, Date?, String?, String?, String?).self)
            return EmailAddress(recipient).map {
                OutboxMessage(
                    id: id, recipient: $0, subject: subject, body: body, html: html, kind: OutboxMessage.Kind(rawValue: kind) ?? .account,
                    language: language, messageToken: token, createdAt: createdAt, sentAt: sentAt, failedAt: failedAt, attempts: Int(attempts),
                    nextAttemptAt: nextAttemptAt, lastReply: lastReply, unsubscribeURL: unsubscribe, threadID: thread)
            }
        }
    }

    static func enqueue(_ message: OutboxMessage, _ connection: PostgresConnection, _ store: PostgresStore) async throws {
        try await connection.run(
            """
            INSERT INTO outbox (recipient, subject, body, createdAt, sentAt, html, kind, language, messageToken, failedAt, attempts, nextAttemptAt, lastReply,
                                unsubscribeURL, threadID)
            VALUES (\(message.recipient.value), \(message.subject), \(message.body), \(message.createdAt), \(message.sentAt), \(message.html),
                    \(message.kind.rawValue), \(message.language), \(message.messageToken), \(message.failedAt), \(Int64(message.attempts)),
                    \(message.nextAttemptAt), \(message.lastReply), \(message.unsubscribeURL), \(message.threadID))
            """, store.logger)
    }

    /// Whether `recipient` has had fewer than `cap` account emails in the hour before `now`. The caller
    /// holds the address's lock, so two transactions cannot both see room for the last email.
    static func hasRoom(for recipient: EmailAddress, cap: Int, at now: Date, _ connection: PostgresConnection, _ store: PostgresStore) async throws
        -> Bool
    {
        try await connection.lock(["email:" + recipient.value], store.logger)
        let sent =
            try await connection.rows(
                "SELECT COUNT(*) FROM outbox WHERE recipient = \(recipient.value) AND createdAt > \(now.addingTimeInterval(-AccountLimits.hour))",
                store.logger
            ).first?.decode(Int.self) ?? 0
        return sent < cap
    }
}
