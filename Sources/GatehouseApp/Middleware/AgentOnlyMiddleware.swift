import GatehouseCore
import Hummingbird

/// Guards the agent inbox: the signed-in contact must be an agent or a portal admin.
struct AgentOnlyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let contact = context.contact, contact.worksTickets else {
            throw Rejection(
                code: Reasons.agentOnly, summary: Reasons.summary(of: Reasons.agentOnly), detail: "contact \(context.contact?.id ?? 0) is no agent")
        }
        return try await next(request, context)
    }
}
