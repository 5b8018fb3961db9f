import Foundation
import GatehouseCore
import Hummingbird

/// A JSON API answer (snake_case keys, ISO 8601 dates, never cached).
struct APIResponse<Value: Encodable & Sendable>: ResponseGenerator {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    let value: Value
    var status: HTTPResponse.Status = .ok

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try APIResponse<Value>.encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The API's JSON shapes.
enum APIModels {
    struct TicketJSON: Encodable, Sendable {
        let id: Int64
        let subject: String
        let pipeline: String
        let stage: String
        let status: String
        let priority: String?
        let category: String?
        let createdAt: Date
        let lastActivityAt: Date

        init(_ ticket: Ticket) {
            id = ticket.id
            subject = ticket.subject
            pipeline = ticket.pipeline
            stage = ticket.stage
            status = ticket.status.rawValue
            priority = ticket.priority?.rawValue
            category = ticket.category
            createdAt = ticket.createdAt
            lastActivityAt = ticket.lastActivityAt
        }
    }

    struct MessageJSON: Encodable, Sendable {
        let id: Int64
        let kind: String
        let authorKind: String
        let authorName: String
        let authorContactID: Int64?
        let body: String
        let createdAt: Date

        init(_ message: TicketMessage) {
            id = message.id
            kind = message.kind.rawValue
            switch message.author {
            case .contact(let id, let name):
                authorKind = "contact"
                authorName = name
                authorContactID = id
            case .agent(let id, let name):
                authorKind = "agent"
                authorName = name
                authorContactID = id
            }
            body = message.body
            createdAt = message.createdAt
        }
    }

    struct ContactJSON: Encodable, Sendable {
        let id: Int64
        let email: String
        let name: String
    }

    struct TicketList: Encodable, Sendable {
        let tickets: [TicketJSON]
        let total: Int
        let page: Int
        let pageCount: Int
        let pageSize: Int
    }

    struct Conversation: Encodable, Sendable {
        let ticket: TicketJSON
        let contacts: [ContactJSON]
        let messages: [MessageJSON]
    }
}
