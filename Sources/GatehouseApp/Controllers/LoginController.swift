import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdAuth
import Logging

/// `/login` (the sign-in page and the password form) and `/logout`.
struct LoginController {
    let signIn: SignInService
    let identityProviders: IdentityProviderDirectory
    let pages: PageRenderer
    let metrics: GatehouseMetrics
    let clock: any GatehouseCore.Clock
    let configuration: GatehouseConfiguration
    let sessions: SessionIssuer
    let csrf: CSRFToken
    let device: DeviceCookie

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/login", use: showLogin)
        router.post("/login", use: submitLogin)
        router.post("/logout", use: logout)
    }

    /// The sign-in page; a browser already signed in goes straight on (portal admins need no second login).
    @Sendable func showLogin(_ request: Request, context: AppRequestContext) async throws -> Response {
        let returnTo = ReturnPath(request.uri.queryParameters["return_to"].map(String.init))?.path ?? defaultDestination
        if let session = context.sessions.session, case .valid = configuration.sessions.evaluate(session, now: clock.now) {
            return Response(status: .seeOther, headers: [.location: returnTo])
        }
        let texts = Translations.texts(for: context.language)
        let query = request.uri.queryParameters
        let notice: String? =
            query["ended"] != nil
            ? texts.sessionEnded
            : query["expired"] != nil ? texts.sessionExpired : (query["signed_out"] != nil ? texts.signedOut : nil)
        return try await loginPage(request, context: context, returnTo: returnTo, email: "", error: nil, notice: notice, status: .ok)
            .response(from: request, context: context)
    }

    @Sendable func submitLogin(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormFields.of(request, limit: FormPostMiddleware.bodyLimit)
        let email = form["email"] ?? ""
        let returnTo = ReturnPath(form["return_to"])?.path ?? defaultDestination
        let outcome = try await signIn.signIn(
            email: email, password: form["password"] ?? "", address: context.clientAddress, deviceToken: device.presented(in: request),
            rule: configuration.audienceRule(for: .password), requestID: context.id)
        switch outcome {
        case .success(let signedIn):
            // The "signed in" event and the session: one commit.
            let cookies = try await sessions.start(
                for: signedIn.contact, method: .password, issuer: nil, event: signedIn.event, request: request, context: context)
            metrics.signedIn(.password)
            var response = Response(status: .seeOther, headers: [.location: returnTo, .cacheControl: "no-store"])
            for cookie in cookies { response.setCookie(cookie) }
            response.setCookie(device.cookie(signedIn.deviceToken))
            return response
        case .failure(let rejection):
            metrics.refused(.password, reason: rejection.code)
            context.logger.notice("Password sign-in refused", metadata: ["reason": "\(rejection.code)", "detail": "\(rejection.detail)"])
            if rejection.code == Reasons.notInAudience {
                return try pages.refusal(rejection, status: .forbidden, context: context).response(from: request, context: context)
            }
            var page = try await loginPage(
                request, context: context, returnTo: returnTo, email: email,
                error: pages.formError(rejection, context),
                notice: nil, status: PageMiddleware.status(for: rejection.code)
            ).response(from: request, context: context)
            if let retryAfter = rejection.retryAfter { page.headers[.retryAfter] = String(retryAfter) }
            return page
        }
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let cookies = try await sessions.end(request: request, context: context)
        var response = Response(status: .seeOther, headers: [.location: "/login?signed_out=1", .cacheControl: "no-store"])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    var defaultDestination: String {
        configuration.portal.path("tickets")
    }

    private func loginPage(
        _ request: Request, context: AppRequestContext, returnTo: String, email: String, error: FormError?, notice: String?,
        status: HTTPResponse.Status
    ) async throws -> HTMLPage {
        let token = csrf.token(for: request)
        let chrome = pages.chrome(context, title: \.signIn)
        let buttons = try await identityProviders.all().filter(\.acceptsAuthnRequests).map {
            IdentityProviderButton(
                name: $0.name, displayName: $0.displayName,
                href: "/saml/login?idp=\(Self.queryEncode($0.name))&return_to=\(Self.queryEncode(returnTo))")
        }
        return pages.page(
            LoginPage(
                chrome: chrome, csrfToken: token.value, returnTo: returnTo, email: email, error: error, notice: notice,
                identityProviders: buttons, registrationOpen: configuration.membership.selfRegistration,
                hasIdentityProviders: !buttons.isEmpty),
            status: status, cookies: token.cookie.map { [$0] } ?? [])
    }

    static func queryEncode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~/"))) ?? ""
    }
}
