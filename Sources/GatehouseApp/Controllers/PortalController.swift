import GatehouseCore
import Hummingbird

/// The portal pages behind sign-in. Until the ticket module lands, `/tickets` shows who is signed in.
struct PortalController {
    let dependencies: AppDependencies
    let csrf: CSRFToken

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tickets", use: tickets)
    }

    @Sendable func tickets(_ request: Request, context: AppRequestContext) async throws -> Response {
        // The authentication middleware guarantees a contact on this group.
        guard let contact = context.contact else { return SessionAuthenticationMiddleware.redirectToLogin(from: request) }
        let token = csrf.token(for: request)
        let chrome = dependencies.pages.chrome(context, title: "tickets_heading", csrfToken: token.value)
        return try dependencies.pages.page(
            TicketsPage(chrome: chrome, t: chrome.t, name: contact.name, email: contact.email.value), template: "tickets",
            cookies: token.cookie.map { [$0] } ?? []
        ).response(from: request, context: context)
    }
}
