import GatehouseCore
import Hummingbird

/// With `portal.enabled: false` every portal route answers "portal unavailable" (503), signed in or not.
struct PortalAvailabilityMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let enabled: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard enabled else {
            throw Rejection(code: Reasons.portalDisabled, summary: Reasons.summary(of: Reasons.portalDisabled), detail: "portal.enabled is false")
        }
        return try await next(request, context)
    }
}
