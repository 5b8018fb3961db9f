import Foundation
import GRDB
import GatehouseCore

struct MessageRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "message"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let ticketID = Column(CodingKeys.ticketID)
        static let kind = Column(CodingKeys.kind)
    }

    var id: Int64?
    var ticketID: Int64
    var authorKind: String
    var authorContactID: Int64?
    var authorName: String
    var kind: String
    var body: String
    var createdAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    init(_ message: NewTicketMessage) {
        ticketID = message.ticketID
        switch message.author {
        case .contact(let id, let name):
            authorKind = "contact"
            authorContactID = id
            authorName = name
        case .agent(let id, let name):
            authorKind = "agent"
            authorContactID = id
            authorName = name
        }
        kind = message.kind.rawValue
        body = message.body
        createdAt = message.at
    }

    var message: TicketMessage {
        let author: TicketMessage.Author =
            authorKind == "agent" ? .agent(authorContactID, name: authorName) : .contact(authorContactID ?? 0, name: authorName)
        return TicketMessage(
            id: id!, ticketID: ticketID, author: author, kind: TicketMessage.Kind(rawValue: kind) ?? .internalNote, body: body, createdAt: createdAt)
    }
}
