import GatehouseCore
import Hummingbird

/// The JSON API's authentication: `Authorization: Bearer <token>` naming an unrevoked token, looked up
/// by its SHA-256 digest (tokens are stored hashed). Cookies play no part, so the API needs no CSRF check.
struct APITokenMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tokens: any APITokenRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.utf8.count <= 200 else { throw Self.unauthorized("no bearer token") }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", parts[1].hasPrefix(APIToken.secretPrefix) else {
            throw Self.unauthorized("not a bearer token")
        }
        guard let token = try await tokens.token(digest: OneTimeToken.digest(of: String(parts[1]))) else {
            throw Self.unauthorized("unknown or revoked token")
        }
        var context = context
        context.apiClient = token.name
        return try await next(request, context)
    }

    static func unauthorized(_ detail: String) -> Rejection {
        Rejection(code: Reasons.apiUnauthorized, summary: Reasons.summary(of: Reasons.apiUnauthorized), detail: detail)
    }
}
