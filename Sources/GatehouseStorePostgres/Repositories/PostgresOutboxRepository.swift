import Foundation
import GatehouseCore
import PostgresNIO

public struct PostgresOutboxRepository: OutboxRepository {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func enqueue(_ message: OutboxMessage) async throws {
        try await store.connection { connection in try await Self.enqueue(message, connection, store) }
    }

    public func pending() async throws -> [OutboxMessage] {
        try await store.connection { connection in
            try await connection.rows(
                "SELECT id, recipient, subject, body, createdAt, sentAt FROM outbox WHERE sentAt IS NULL ORDER BY id", store.logger
            ).compactMap { row in
                let (id, recipient, subject, body, createdAt, sentAt) = try row.decode((Int64, String, String, String, Date, Date?).self)
                return EmailAddress(recipient).map {
                    OutboxMessage(id: id, recipient: $0, subject: subject, body: body, createdAt: createdAt, sentAt: sentAt)
                }
            }
        }
    }

    public func markSent(_ id: Int64, at: Date) async throws {
        try await store.connection { connection in
            try await connection.run("UPDATE outbox SET sentAt = \(at) WHERE id = \(id)", store.logger)
        }
    }

    static func enqueue(_ message: OutboxMessage, _ connection: PostgresConnection, _ store: PostgresStore) async throws {
        try await connection.run(
            """
            INSERT INTO outbox (recipient, subject, body, createdAt, sentAt)
            VALUES (\(message.recipient.value), \(message.subject), \(message.body), \(message.createdAt), \(message.sentAt))
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
