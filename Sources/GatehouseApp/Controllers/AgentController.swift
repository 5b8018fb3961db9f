import Foundation
import GatehouseCore
import Hummingbird
import Logging

/// The agent inbox (agents and portal admins): every contact's tickets with the portal's filters and
/// search, a ticket with public messages and internal notes, replying as either, changing the stage.
struct AgentController {
    let pages: PageRenderer
    let configuration: GatehouseConfiguration
    let service: TicketService
    let contacts: any ContactRepository
    let csrf: CSRFToken
    let views: TicketViews

    init(pages: PageRenderer, configuration: GatehouseConfiguration, service: TicketService, contacts: any ContactRepository, csrf: CSRFToken) {
        self.pages = pages
        self.configuration = configuration
        self.service = service
        self.contacts = contacts
        self.csrf = csrf
        views = TicketViews(pages: pages, settings: configuration.tickets)
    }

    var portal: GatehouseConfiguration.Portal { configuration.portal }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("agent/tickets", use: list)
        group.get("agent/tickets/:id", use: show)
        group.post("agent/tickets/:id/messages", use: post)
        group.post("agent/tickets/:id/stage", use: moveStage)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let listRequest = try TicketListRequest(request.uri.queryParameters)
        let page = try await service.repository.agentTickets(query: listRequest.query)
        let token = csrf.token(for: request)
        let chrome = pages.chrome(context, title: \.agentInbox, csrfToken: token.value)
        let model = views.listPage(
            page, request: listRequest, base: portal.path("agent/tickets"), ticketHref: { portal.path("agent/tickets/\($0)") }, agent: true,
            chrome: chrome)
        return try pages.page(model, cookies: token.cookie.map { [$0] } ?? [])
            .response(from: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try TicketsController.ticketID(context)
        let conversation = try await service.agentTicket(id)
        let notice: KeyPath<PageTexts, String>? =
            request.uri.queryParameters["sent"] != nil
            ? \.noticeReplySent : request.uri.queryParameters["moved"] != nil ? \.noticeStageChanged : nil
        return try await detail(conversation, request: request, context: context, notice: notice)
    }

    @Sendable func post(_ request: Request, context: AppRequestContext) async throws -> Response {
        let agent = try TicketsController.contact(context)
        let id = try TicketsController.ticketID(context)
        let form = try await FormFields.of(request, limit: FormPostMiddleware.bodyLimit)
        let body = form["body"] ?? ""
        let kind: TicketMessage.Kind
        switch form["kind"] {
        case "public": kind = .publicMessage
        case "note": kind = .internalNote
        default: throw TicketListRequest.invalid("kind")
        }
        switch try await service.agentReply(to: id, body: body, kind: kind, author: .agent(agent.id, name: agent.name)) {
        case .success(let message):
            context.logger.info("Agent message", metadata: ["ticket": "\(id)", "message": "\(message.id)", "kind": "\(kind.rawValue)"])
            return Response(
                status: .seeOther,
                headers: [.location: portal.path("agent/tickets/\(id)") + "?sent=1#message-\(message.id)", .cacheControl: "no-store"])
        case .failure(let rejection):
            return try await detail(
                try await service.agentTicket(id), request: request, context: context,
                replyBody: String(body.prefix(TicketSettings.bodyMaximum + 100)),
                error: pages.formError(rejection, context), noteSelected: kind == .internalNote,
                status: PageMiddleware.status(for: rejection.code))
        }
    }

    @Sendable func moveStage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try TicketsController.ticketID(context)
        let form = try await FormFields.of(request, limit: FormPostMiddleware.bodyLimit)
        switch try await service.setStage(of: id, to: form["stage"] ?? "") {
        case .success:
            context.logger.info("Ticket stage changed", metadata: ["ticket": "\(id)"])
            return Response(status: .seeOther, headers: [.location: portal.path("agent/tickets/\(id)") + "?moved=1", .cacheControl: "no-store"])
        case .failure(let rejection):
            return try await detail(
                try await service.agentTicket(id), request: request, context: context, error: pages.formError(rejection, context),
                status: PageMiddleware.status(for: rejection.code))
        }
    }

    func detail(
        _ conversation: TicketConversation, request: Request, context: AppRequestContext, replyBody: String = "", error: FormError? = nil,
        notice: KeyPath<PageTexts, String>? = nil, noteSelected: Bool = false, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        var emails: [String] = []
        for id in conversation.contacts {
            if let contact = try await contacts.contact(id: id) { emails.append("\(contact.name) <\(contact.email.value)>") }
        }
        let token = csrf.token(for: request)
        let chrome = pages.chrome(context, title: \.agentInbox, csrfToken: token.value)
        let id = conversation.ticket.id
        let model = views.detailPage(
            conversation, chrome: chrome, agent: true, backHref: portal.path("agent/tickets"),
            replyAction: portal.path("agent/tickets/\(id)/messages"), replyBody: replyBody, error: error,
            notice: notice.map { chrome.t[keyPath: $0] },
            contacts: emails, stageAction: portal.path("agent/tickets/\(id)/stage"), noteSelected: noteSelected)
        return try pages.page(model, status: status, cookies: token.cookie.map { [$0] } ?? [])
            .response(from: request, context: context)
    }
}
