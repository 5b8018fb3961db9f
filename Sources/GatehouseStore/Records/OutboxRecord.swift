import Foundation
import GRDB
import GatehouseCore

struct OutboxRecord: Codable, FetchableRecord, MutablePersistableRecord {
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

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    init(_ message: OutboxMessage) {
        id = message.id
        recipient = message.recipient.value
        subject = message.subject
        body = message.body
        createdAt = message.createdAt
        sentAt = message.sentAt
        html = message.html
        kind = message.kind.rawValue
        language = message.language
        messageToken = message.messageToken
        failedAt = message.failedAt
        attempts = message.attempts
        nextAttemptAt = message.nextAttemptAt
        leasedUntil = nil
        lastReply = message.lastReply
        unsubscribeURL = message.unsubscribeURL
        threadID = message.threadID
    }

    var message: OutboxMessage? {
        EmailAddress(recipient).map {
            OutboxMessage(
                id: id, recipient: $0, subject: subject, body: body, html: html, kind: OutboxMessage.Kind(rawValue: kind) ?? .account,
                language: language, messageToken: messageToken, createdAt: createdAt, sentAt: sentAt, failedAt: failedAt, attempts: attempts,
                nextAttemptAt: nextAttemptAt, lastReply: lastReply, unsubscribeURL: unsubscribeURL, threadID: threadID)
        }
    }

    /// Queues `message` with one cached statement: on a reply's path, where a record's generic insert
    /// (its columns encoded and looked up on every call) cost more than the row itself.
    static func insert(_ message: OutboxMessage, in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO outbox (recipient, subject, body, createdAt, html, kind, language, messageToken, attempts, unsubscribeURL, threadID)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                """)
        try statement.execute(arguments: [
            message.recipient.value, message.subject, message.body, message.createdAt, message.html, message.kind.rawValue, message.language,
            message.messageToken, message.unsubscribeURL, message.threadID,
        ])
    }
}
