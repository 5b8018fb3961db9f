import Foundation
import GatehouseCore
import Hummingbird

/// The signed-in contact's own account: changing the password. The current password is checked under
/// the sign-in throttle; the change ends every other session of the account and renews this one.
struct AccountController {
    let signIn: SignInService
    let pages: PageRenderer
    let configuration: GatehouseConfiguration
    let csrf: CSRFToken
    let sessions: SessionIssuer
    let device: DeviceCookie

    var action: String { configuration.portal.path("account/password") }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("account/password", use: showPassword)
        group.post("account/password", use: changePassword)
    }

    @Sendable func showPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        try form(request, context: context, error: nil, status: .ok).response(from: request, context: context)
    }

    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let contact = try TicketsController.contact(context)
        let fields = try await FormFields.of(request, limit: FormPostMiddleware.bodyLimit)
        let outcome = try await signIn.changePassword(
            of: contact, current: fields["current_password"] ?? "", new: fields["password"] ?? "",
            policy: configuration.membership.passwordPolicy, address: context.clientAddress, deviceToken: device.presented(in: request),
            keepingSession: sessions.storedKeyDigest(of: request), requestID: context.id)
        switch outcome {
        case .success(let change):
            let cookies = try await sessions.renew(after: change, request: request, context: context)
            var context = context
            context.contact = change.contact
            let chrome = pages.chrome(context, title: \.passwordChangedHeading)
            let t = chrome.t
            let ended = t.sessionsEnded.replacingOccurrences(of: "{{count}}", with: String(change.endedSessions))
            return try pages.page(
                NoticePage(
                    chrome: chrome, heading: t.passwordChangedHeading, body: ended + " " + t.passwordChangedBody,
                    link: configuration.portal.path("tickets"), linkText: t.navTickets),
                cookies: cookies
            ).response(from: request, context: context)
        case .failure(let refusal) where refusal.code == Reasons.sessionExpired || refusal.code == Reasons.unavailable:
            throw refusal
        case .failure(let refusal):
            var response = try form(
                request, context: context,
                error: pages.formError(refusal, context),
                status: PageMiddleware.status(for: refusal.code)
            ).response(from: request, context: context)
            if let retryAfter = refusal.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
            return response
        }
    }

    private func form(_ request: Request, context: AppRequestContext, error: FormError?, status: HTTPResponse.Status) throws -> HTMLPage {
        let token = csrf.token(for: request)
        let chrome = pages.chrome(context, title: \.changePasswordHeading, csrfToken: token.value)
        let rule = chrome.t.passwordRule.replacingOccurrences(
            of: "{{min}}", with: String(configuration.membership.passwordPolicy.minimumLength))
        return pages.page(
            TokenFormPage(
                chrome: chrome, form: .accountPassword, csrfToken: token.value, token: "", name: "", passwordRule: rule, consent: nil, error: error,
                action: action),
            status: status, cookies: token.cookie.map { [$0] } ?? [])
    }
}
