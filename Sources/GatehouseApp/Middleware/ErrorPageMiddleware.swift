import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error thrown below into a page — or, under the API's prefix, a JSON error: a ``Rejection``
/// becomes the refusal with its reason code; anything unexpected is logged with the request id and
/// shown as "temporarily unavailable" — the client never sees an error's text.
///
/// ``PageMiddleware`` applies it to every route; the portal group applies it again after sign-in, so a
/// signed-in contact's refusal page keeps their header (navigation, sign-out).
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try Self.response(for: error, request: request, context: context, pages: pages)
        }
    }

    static func response(for error: any Error, request: Request, context: Context, pages: PageRenderer) throws -> Response {
        let rejection: Rejection
        let status: HTTPResponse.Status
        switch error {
        case let refused as Rejection:
            context.logger.notice("Request refused", metadata: ["reason": "\(refused.code)", "detail": "\(refused.detail)"])
            rejection = refused
            status = PageMiddleware.status(for: refused.code)
        case let error as any HTTPResponseError:
            switch error.status {
            case .notFound:
                rejection = Rejection(code: Reasons.notFound, summary: Reasons.summary(of: Reasons.notFound), detail: request.uri.path)
            case .contentTooLarge:
                rejection = Rejection(
                    code: Reasons.requestTooLarge, summary: Reasons.summary(of: Reasons.requestTooLarge), detail: "body over the limit")
            default:
                rejection = Rejection(code: Reasons.requestInvalid, summary: Reasons.summary(of: Reasons.requestInvalid), detail: "\(error.status)")
            }
            context.logger.notice("Request refused", metadata: ["reason": "\(rejection.code)", "status": "\(error.status.code)"])
            status = error.status
        case StoreError.unavailable(let detail):
            // The database is down or restarting: a clear 503 the client may retry, not an internal error.
            context.logger.error("Database unavailable", metadata: ["detail": "\(detail)"])
            rejection = Rejection(
                code: Reasons.unavailable, summary: Reasons.summary(of: Reasons.unavailable), detail: "database unavailable", retryAfter: 5)
            status = .serviceUnavailable
        default:
            context.logger.error("Request failed", metadata: ["error": "\(String(reflecting: error))"])
            rejection = Rejection(code: Reasons.unavailable, summary: Reasons.summary(of: Reasons.unavailable), detail: "internal error")
            status = .internalServerError
        }
        RequestOutcome.current?.refused(rejection.code)
        var response: Response
        if request.uri.path.hasPrefix(APIController.pathPrefix) {
            response = APIError(rejection, status: status, requestID: context.id).response()
        } else {
            response = try pages.refusal(rejection, status: status, context: context).response(from: request, context: context)
        }
        if let retryAfter = rejection.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
