import Foundation
import GatehouseCore
import Hummingbird
import Logging

/// `/api/v1`: the help desk's JSON API (bearer tokens, see ``APITokenMiddleware``). A token acts as an
/// agent: it sees every ticket and internal notes; errors are JSON with the reason code.
struct APIController {
    /// Where the API lives; errors below it are JSON (``ErrorPageMiddleware``), its POSTs are no forms.
    static let pathPrefix = "/api/v1/"
    let contacts: any ContactRepository
    let service: TicketService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tickets", use: list)
        group.post("tickets", use: create)
        group.get("tickets/:id", use: show)
        group.post("tickets/:id/messages", use: post)
        group.post("tickets/:id/stage", use: moveStage)
    }

    /// `GET /api/v1/tickets?status=&q=&sort=&page=&contact=email`
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> APIResponse<APIModels.TicketList> {
        let listRequest: TicketListRequest
        do {
            listRequest = try TicketListRequest(request.uri.queryParameters)
        } catch {
            throw APIError.invalid("status is open, closed or all; sort is activity or created; page is a positive number.")
        }
        let page: TicketPage
        if let raw = request.uri.queryParameters["contact"] {
            let contact = try await contact(String(raw))
            // The contact's tickets, every pipeline: the portal filter limits the portal, not the help desk.
            page = try await service.repository.customerTickets(TicketVisibility(contactID: contact.id, filter: .none), query: listRequest.query)
        } else {
            page = try await service.repository.agentTickets(query: listRequest.query)
        }
        return APIResponse(
            value: APIModels.TicketList(
                tickets: page.tickets.map(APIModels.TicketJSON.init), total: page.total, page: page.query.page, pageCount: page.pageCount,
                pageSize: page.query.pageSize))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> APIResponse<APIModels.Conversation> {
        APIResponse(value: try await conversation(try TicketsController.ticketID(context)))
    }

    /// `POST /api/v1/tickets {"contact": email, "subject", "body", "priority"?, "category"?, "pipeline"?}`
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> APIResponse<APIModels.Conversation> {
        let body = try await JSONRequestBody.of(request, allowed: ["contact", "subject", "body", "priority", "category", "pipeline"])
        let contact = try await contact(try body.string("contact", required: true)!)
        var priority: TicketPriority?
        if let raw = try body.string("priority") {
            guard let parsed = TicketPriority(rawValue: raw) else { throw Self.rejection(Reasons.ticketPriorityInvalid, "priority") }
            priority = parsed
        }
        let outcome = try await service.openTicket(
            subject: try body.string("subject", required: true)!, body: try body.string("body", required: true)!,
            category: try body.string("category"),
            priority: priority, pipeline: try body.string("pipeline"), for: contact)
        let ticket = try outcome.get()
        context.logger.info("Ticket opened by API", metadata: ["ticket": "\(ticket.id)", "client": "\(context.apiClient ?? "")"])
        return APIResponse(value: try await conversation(ticket.id), status: .created)
    }

    /// `POST /api/v1/tickets/{id}/messages {"body", "kind": "public"|"note", "author"?}`
    @Sendable func post(_ request: Request, context: AppRequestContext) async throws -> APIResponse<APIModels.MessageJSON> {
        let id = try TicketsController.ticketID(context)
        let body = try await JSONRequestBody.of(request, allowed: ["body", "kind", "author"])
        let kind: TicketMessage.Kind
        switch try body.string("kind") ?? "public" {
        case "public": kind = .publicMessage
        case "note": kind = .internalNote
        default: throw APIError.invalid("kind is public or note.")
        }
        let author = (try body.string("author")).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap {
            $0.isEmpty ? nil : String($0.prefix(100))
        }
        let outcome = try await service.agentReply(
            to: id, body: try body.string("body", required: true)!, kind: kind, author: .agent(nil, name: author ?? context.apiClient ?? "API"))
        return APIResponse(value: APIModels.MessageJSON(try outcome.get()), status: .created)
    }

    /// `POST /api/v1/tickets/{id}/stage {"stage"}`
    @Sendable func moveStage(_ request: Request, context: AppRequestContext) async throws -> APIResponse<APIModels.TicketJSON> {
        let id = try TicketsController.ticketID(context)
        let body = try await JSONRequestBody.of(request, allowed: ["stage"])
        return APIResponse(value: APIModels.TicketJSON(try await service.setStage(of: id, to: try body.string("stage", required: true)!).get()))
    }

    func conversation(_ id: Ticket.ID) async throws -> APIModels.Conversation {
        let conversation = try await service.agentTicket(id)
        var listed: [APIModels.ContactJSON] = []
        for contactID in conversation.contacts {
            if let contact = try await contacts.contact(id: contactID) {
                listed.append(APIModels.ContactJSON(id: contact.id, email: contact.email.value, name: contact.name))
            }
        }
        return APIModels.Conversation(
            ticket: APIModels.TicketJSON(conversation.ticket), contacts: listed, messages: conversation.messages.map(APIModels.MessageJSON.init))
    }

    func contact(_ raw: String) async throws -> Contact {
        guard let address = EmailAddress(raw), let contact = try await contacts.contact(email: address) else {
            throw Self.rejection(Reasons.ticketContactUnknown, "no contact \(raw.prefix(100))")
        }
        return contact
    }

    static func rejection(_ code: ReasonCode, _ detail: String) -> Rejection {
        Rejection(code: code, summary: Reasons.summary(of: code), detail: detail)
    }
}
