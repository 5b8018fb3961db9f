import Foundation
import GRDB
import GatehouseCore

/// An outbox row as read back; rows are written by ``insert(_:in:)``.
struct OutboxRecord: Decodable, FetchableRecord, TableRecord {
    static let databaseTableName = "outbox"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let sentAt = Column(CodingKeys.sentAt)
        static let failedAt = Column(CodingKeys.failedAt)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    var id: Int64?
    var recipient: String
    var subject: String
    var body: String
    var createdAt: Date
    var sentAt: Date?
    var html: String?
    var kind: String
    var language: String?
    var messageToken: String
    var failedAt: Date?
    var attempts: Int
    var nextAttemptAt: Date?
    var leasedUntil: Date?
    var lastReply: String?
    var unsubscribeURL: String?
    var threadID: String?

    var message: OutboxMessage? {
        EmailAddress(recipient).map {
            OutboxMessage(
                id: id, recipient: $0, subject: subject, body: body, html: html, kind: OutboxMessage.Kind(rawValue: kind) ?? .account,
                language: language, messageToken: messageToken, createdAt: createdAt, sentAt: sentAt, failedAt: failedAt, attempts: attempts,
                nextAttemptAt: nextAttemptAt, lastReply: lastReply, unsubscribeURL: unsubscribeURL, threadID: threadID)
        }
    }

    /// Queues `message` with one cached statement, every column of the message written. Every queueing
    /// path uses it (a ticket reply's notifications among them), where a record's generic insert, which
    /// encodes its columns and looks them up on every call, cost more than the row itself.
    static func insert(_ message: OutboxMessage, in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO outbox (
                    recipient, subject, body, createdAt, sentAt, html, kind, language, messageToken, failedAt, attempts, nextAttemptAt,
                    lastReply, unsubscribeURL, threadID)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [
            message.recipient.value, message.subject, message.body, message.createdAt, message.sentAt, message.html, message.kind.rawValue,
            message.language, message.messageToken, message.failedAt, message.attempts, message.nextAttemptAt, message.lastReply,
            message.unsubscribeURL, message.threadID,
        ])
    }
}
