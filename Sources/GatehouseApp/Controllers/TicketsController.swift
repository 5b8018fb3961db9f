import Foundation
import GatehouseCore
import Hummingbird
import Logging

/// The customer's ticket pages: the list, a ticket with its conversation and reply form, and the
/// "File a Support Ticket" form. Every read goes through ``TicketService``, which applies the
/// contact's ``TicketVisibility``: a ticket they may not see is a 404, like one that does not exist.
struct TicketsController {
    let pages: PageRenderer
    let configuration: GatehouseConfiguration
    let service: TicketService
    let csrf: CSRFToken
    let views: TicketViews

    init(pages: PageRenderer, configuration: GatehouseConfiguration, service: TicketService, csrf: CSRFToken) {
        self.pages = pages
        self.configuration = configuration
        self.service = service
        self.csrf = csrf
        views = TicketViews(pages: pages, settings: configuration.tickets)
    }

    var portal: GatehouseConfiguration.Portal { configuration.portal }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tickets", use: list)
        group.get("tickets/new", use: newTicket)
        group.post("tickets", use: fileTicket)
        group.get("tickets/:id", use: show)
        group.post("tickets/:id/messages", use: reply)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let contact = try Self.contact(context)
        let listRequest = try TicketListRequest(request.uri.queryParameters)
        let page = try await service.tickets(of: contact, query: listRequest.query)
        let token = csrf.token(for: request)
        let chrome = pages.chrome(context, title: \.ticketsHeading, csrfToken: token.value)
        let model = views.listPage(
            page, request: listRequest, base: portal.path("tickets"), ticketHref: { portal.path("tickets/\($0)") }, agent: false, chrome: chrome)
        return try pages.page(model, cookies: token.cookie.map { [$0] } ?? []).response(
            from: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let contact = try Self.contact(context)
        let id = try Self.ticketID(context)
        let conversation = try await service.ticket(id, for: contact)
        let notice: KeyPath<PageTexts, String>? =
            request.uri.queryParameters["sent"] != nil
            ? \.noticeReplySent : request.uri.queryParameters["filed"] != nil ? \.noticeTicketFiled : nil
        return try detail(conversation, request: request, context: context, notice: notice)
    }

    @Sendable func reply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let contact = try Self.contact(context)
        let id = try Self.ticketID(context)
        let form = try await FormFields.of(request, limit: FormPostMiddleware.bodyLimit)
        let body = form["body"] ?? ""
        switch try await service.reply(to: id, body: body, by: contact, language: context.language.rawValue) {
        case .success(let message):
            context.logger.info("Customer reply", metadata: ["ticket": "\(id)", "message": "\(message.id)"])
            return Response(
                status: .seeOther, headers: [.location: portal.path("tickets/\(id)") + "?sent=1#message-\(message.id)", .cacheControl: "no-store"])
        case .failure(let rejection):
            let conversation = try await service.ticket(id, for: contact)
            return try detail(
                conversation, request: request, context: context, replyBody: String(body.prefix(TicketSettings.bodyMaximum + 100)),
                error: pages.formError(rejection, context), status: PageMiddleware.status(for: rejection.code))
        }
    }

    @Sendable func newTicket(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try Self.contact(context)
        return try form(request: request, context: context, subject: "", body: "", category: nil, priority: nil, errors: [], status: .ok)
    }

    @Sendable func fileTicket(_ request: Request, context: AppRequestContext) async throws -> Response {
        let contact = try Self.contact(context)
        let form = try await FormFields.of(request, limit: FormPostMiddleware.bodyLimit)
        let subject = form["subject"] ?? ""
        let body = form["body"] ?? ""
        let category = form["category"]
        let priority = form["priority"]
        switch try await service.fileTicket(
            subject: subject, body: body, category: category, priority: priority, by: contact, language: context.language.rawValue)
        {
        case .success(let ticket):
            context.logger.info("Ticket filed", metadata: ["ticket": "\(ticket.id)"])
            return Response(status: .seeOther, headers: [.location: portal.path("tickets/\(ticket.id)") + "?filed=1", .cacheControl: "no-store"])
        case .failure(let rejection):
            return try self.form(
                request: request, context: context, subject: String(subject.prefix(TicketSettings.subjectMaximum + 50)),
                body: String(body.prefix(TicketSettings.bodyMaximum + 100)), category: category, priority: priority,
                errors: allProblems(subject: subject, body: body, category: category, priority: priority, first: rejection).map {
                    pages.formError($0, context)
                }, status: PageMiddleware.status(for: rejection.code))
        }
    }

    /// Every problem of the form, so the customer fixes them in one go (the service refuses with the
    /// first); a refusal that is not about the form (a misconfigured pipeline) stands alone.
    func allProblems(subject: String, body: String, category: String?, priority: String?, first: Rejection) -> [Rejection] {
        let problems = service.formProblems(subject: subject, body: body, category: category, priority: priority)
        return problems.isEmpty ? [first] : problems
    }

    // MARK: Pages

    func detail(
        _ conversation: TicketConversation, request: Request, context: AppRequestContext, replyBody: String = "", error: FormError? = nil,
        notice: KeyPath<PageTexts, String>? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let token = csrf.token(for: request)
        let chrome = pages.chrome(context, title: \.conversation, csrfToken: token.value)
        let model = views.detailPage(
            conversation, chrome: chrome, agent: false, backHref: portal.path("tickets"),
            replyAction: portal.path("tickets/\(conversation.ticket.id)/messages"), replyBody: replyBody, error: error,
            notice: notice.map { chrome.t[keyPath: $0] })
        return try pages.page(model, status: status, cookies: token.cookie.map { [$0] } ?? [])
            .response(from: request, context: context)
    }

    func form(
        request: Request, context: AppRequestContext, subject: String, body: String, category: String?, priority: String?, errors: [FormError],
        status: HTTPResponse.Status
    ) throws -> Response {
        let settings = configuration.tickets
        let token = csrf.token(for: request)
        let chrome = pages.chrome(context, title: \.newTicketHeading, csrfToken: token.value)
        let t = chrome.t
        let model = NewTicketPage(
            chrome: chrome, action: portal.path("tickets"), subject: subject, body: body, subjectMaximum: TicketSettings.subjectMaximum,
            bodyMaximum: TicketSettings.bodyMaximum, categories: settings.categories.map { Choice(value: $0, label: $0, selected: $0 == category) },
            hasCategories: !settings.categories.isEmpty,
            priorities: TicketPriority.allCases.map {
                Choice(value: $0.rawValue, label: TicketViews.priorityLabel($0, t), selected: $0.rawValue == priority)
            },
            askPriority: settings.askPriority, errors: errors, hasErrors: !errors.isEmpty)
        return try pages.page(model, status: status, cookies: token.cookie.map { [$0] } ?? [])
            .response(from: request, context: context)
    }

    // MARK: Parameters

    /// The signed-in contact (the group's authentication middleware guarantees one).
    static func contact(_ context: AppRequestContext) throws -> Contact {
        guard let contact = context.contact else { throw HTTPError(.unauthorized) }
        return contact
    }

    /// A ticket id in the path; anything that is not one is a ticket that does not exist.
    static func ticketID(_ context: AppRequestContext) throws -> Ticket.ID {
        guard let raw = context.parameters.get("id"), raw.utf8.count <= 18, raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let id = Ticket.ID(raw), id > 0
        else {
            throw Rejection(code: Reasons.ticketNotFound, summary: Reasons.summary(of: Reasons.ticketNotFound), detail: "not a ticket id")
        }
        return id
    }
}
