import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird
import Logging

/// Picks the page language (the switch's cookie, else `Accept-Language`, else the portal default), the
/// client address, and turns every error thrown below into a refusal (``ErrorPageMiddleware``).
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
        } catch {
            return try ErrorPageMiddleware.response(for: error, request: request, context: context, pages: pages)
        }
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
        case "request":
            code == Reasons.requestTooLarge
                ? .contentTooLarge : code == Reasons.notFound ? .notFound : code == Reasons.rateLimited ? .tooManyRequests : .badRequest
        case "password": .unprocessableContent
        case "service": .serviceUnavailable
        case "token": .badRequest
        case "ticket": code == Reasons.ticketNotFound ? .notFound : .unprocessableContent
        case "api": code == Reasons.apiUnauthorized ? .unauthorized : .badRequest
        case "login": code == Reasons.throttled ? .tooManyRequests : .unauthorized
        default: .forbidden
        }
    }
}
