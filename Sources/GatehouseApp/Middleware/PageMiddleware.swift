import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird
import Logging

/// Picks the page language (the switch's cookie, else `Accept-Language`, else the portal default) and
/// turns every error thrown below into a page — or, under `/api/`, a JSON error: a ``Rejection``
/// becomes the refusal with its reason code; anything unexpected is logged with the request id and
/// shown as "temporarily unavailable" — the client never sees an error's text.
struct PageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: PageRenderer
    let defaultLanguage: Language
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let chosen = request.cookies[LanguageController.cookieName].flatMap({ Language(rawValue: String($0.value)) }) {
            context.language = chosen
        } else {
            context.language = Language.negotiate(request.headers[.acceptLanguage], default: defaultLanguage)
        }
        context.path = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        context.clientAddress = Self.clientAddress(
            peer: context.peerAddress, forwardedFor: request.headers[values: Self.forwardedFor], trusted: trustedProxies)
        do {
            return try await next(request, context)
        } catch let rejection as Rejection {
            context.logger.notice("Request refused", metadata: ["reason": "\(rejection.code)", "detail": "\(rejection.detail)"])
            return try respond(rejection, status: Self.status(for: rejection.code), request: request, context: context)
        } catch let error as any HTTPResponseError {
            let rejection: Rejection
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
            return try respond(rejection, status: error.status, request: request, context: context)
        } catch {
            context.logger.error("Request failed", metadata: ["error": "\(String(reflecting: error))"])
            let rejection = Rejection(code: Reasons.unavailable, summary: Reasons.summary(of: Reasons.unavailable), detail: "internal error")
            return try respond(rejection, status: .internalServerError, request: request, context: context)
        }
    }

    func respond(_ rejection: Rejection, status: HTTPResponse.Status, request: Request, context: Context) throws -> Response {
        if request.uri.path.hasPrefix("/api/") {
            return APIError(rejection, status: status, requestID: context.id).response()
        }
        return try pages.refusal(rejection, status: status, context: context).response(from: request, context: context)
    }

    /// The peer, unless it is a trusted proxy: then the right-most `X-Forwarded-For` address that is not
    /// itself trusted (entries to its left are whatever the client claimed).
    static var forwardedFor: HTTPField.Name { HTTPField.Name("X-Forwarded-For")! }

    static func clientAddress(peer: String, forwardedFor: [String], trusted: Set<String>) -> String {
        guard trusted.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last { !trusted.contains($0) } ?? peer
    }

    static func status(for code: ReasonCode) -> HTTPResponse.Status {
        switch code.component {
        case "csrf", "access": code == Reasons.portalDisabled ? .serviceUnavailable : .forbidden
        case "request": code == Reasons.requestTooLarge ? .contentTooLarge : (code == Reasons.notFound ? .notFound : .badRequest)
        case "service": .serviceUnavailable
        case "token": .badRequest
        case "ticket": code == Reasons.ticketNotFound ? .notFound : .unprocessableContent
        case "api": code == Reasons.apiUnauthorized ? .unauthorized : .badRequest
        case "login": code == Reasons.throttled ? .tooManyRequests : .unauthorized
        default: .forbidden
        }
    }
}
