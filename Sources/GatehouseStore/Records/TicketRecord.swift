import Foundation
import GRDB
import GatehouseCore

struct TicketRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "ticket"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let status = Column(CodingKeys.status)
        static let lastActivityAt = Column(CodingKeys.lastActivityAt)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    var id: Int64?
    var subject: String
    var pipeline: String
    var stage: String
    var status: String
    var priority: String?
    var category: String?
    var createdAt: Date
    var lastActivityAt: Date

    /// Column by column rather than through `Decodable`, which costs several times more per row and
    /// every ticket list decodes 25 of them.
    init(row: Row) throws {
        id = row["id"]
        subject = row["subject"]
        pipeline = row["pipeline"]
        stage = row["stage"]
        status = row["status"]
        priority = row["priority"]
        category = row["category"]
        createdAt = row["createdAt"]
        lastActivityAt = row["lastActivityAt"]
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    init(_ ticket: NewTicket) {
        subject = ticket.subject
        pipeline = ticket.pipeline
        stage = ticket.stage.name
        status = ticket.stage.status.rawValue
        priority = ticket.priority?.rawValue
        category = ticket.category
        createdAt = ticket.at
        lastActivityAt = ticket.at
    }

    var ticket: Ticket {
        Ticket(
            id: id!, subject: subject, pipeline: pipeline, stage: stage, status: TicketStatus(rawValue: status) ?? .open,
            priority: priority.flatMap(TicketPriority.init(rawValue:)), category: category, createdAt: createdAt, lastActivityAt: lastActivityAt)
    }
}
