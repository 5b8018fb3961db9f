import Foundation
import GRDB
import GatehouseCore

struct OutboxRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "outbox"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let sentAt = Column(CodingKeys.sentAt)
    }

    var id: Int64?
    var recipient: String
    var subject: String
    var body: String
    var createdAt: Date
    var sentAt: Date?

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
    }

    var message: OutboxMessage? {
        EmailAddress(recipient).map { OutboxMessage(id: id, recipient: $0, subject: subject, body: body, createdAt: createdAt, sentAt: sentAt) }
    }
}
