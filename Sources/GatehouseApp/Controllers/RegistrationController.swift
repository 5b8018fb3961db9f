import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdAuth

/// Self-registration with consent and email verification, password reset and invitations.
/// Every answer to a submitted address looks the same whether or not it is registered: the request is
/// queued and acted on afterwards (``AccountRequestProcessor``).
struct RegistrationController {
    let registration: RegistrationService
    let pages: PageRenderer
    let configuration: GatehouseConfiguration
    let csrf: CSRFToken
    let sessions: SessionIssuer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/register", use: showRegister)
        router.post("/register", use: submitRegister)
        router.post("/register/resend", use: resendRegistration)
        router.get("/register/verify", use: showConfirm)
        router.post("/register/verify", use: submitConfirm)
        router.get("/password/forgot", use: showForgot)
        router.post("/password/forgot", use: submitForgot)
        router.get("/password/reset", use: showReset)
        router.post("/password/reset", use: submitReset)
        router.get("/invitation", use: showInvitation)
        router.post("/invitation", use: submitInvitation)
    }

    var settings: GatehouseConfiguration.Membership { configuration.membership }

    @Sendable func showRegister(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard settings.selfRegistration else { throw Rejection(Reasons.registrationClosed, detail: "membership.self_registration is false") }
        return try registerPage(request, context: context, email: "", name: "", consentChecked: false, error: nil, status: .ok)
            .response(from: request, context: context)
    }

    /// Queues the request and answers "check your email", whatever the address's state; only the
    /// form's own problems and the rate limit (429) are answered otherwise.
    @Sendable func submitRegister(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard settings.selfRegistration else { throw Rejection(Reasons.registrationClosed, detail: "membership.self_registration is false") }
        let (email, name, consent, outcome) = try await register(request, context: context)
        switch outcome {
        case .success:
            return try checkEmail(request, context: context, email: email, name: name, consent: consent, resent: false)
        case .failure(let refusal) where refusal.code == Reasons.rateLimited:
            throw refusal
        case .failure(let refusal):
            return try registerPage(
                request, context: context, email: email, name: name, consentChecked: consent, error: pages.formError(refusal, context),
                status: .unprocessableContent
            ).response(from: request, context: context)
        }
    }

    /// "Send the link again" on the check-your-email page: the same registration request again (same rate limits
    /// per address and client, same cap on emails per address, same answer whatever the address's state), so it
    /// reveals nothing a second registration would not. A form problem here means a tampered form: a refusal.
    @Sendable func resendRegistration(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard settings.selfRegistration else { throw Rejection(Reasons.registrationClosed, detail: "membership.self_registration is false") }
        let (email, name, consent, outcome) = try await register(request, context: context)
        switch outcome {
        case .success: return try checkEmail(request, context: context, email: email, name: name, consent: consent, resent: true)
        case .failure(let refusal): throw refusal
        }
    }

    /// The registration form's fields and the registration request made with them.
    private func register(
        _ request: Request, context: AppRequestContext
    ) async throws -> (email: String, name: String, consent: Bool, outcome: Result<Void, Rejection>) {
        let form = try await FormFields.of(request, limit: FormPostMiddleware.bodyLimit)
        let email = form["email"] ?? ""
        let name = form["name"] ?? ""
        let consent = form["consent"] == "yes"
        let outcome = try await registration.register(
            email: email, name: name, consentAccepted: consent, client: context.clientAddress, requestID: context.id,
            language: context.language.rawValue)
        return (email, name, consent, outcome.map { _ in () })
    }

    private func checkEmail(
        _ request: Request, context: AppRequestContext, email: String, name: String, consent: Bool, resent: Bool
    ) throws -> Response {
        let token = csrf.token(for: request)
        let chrome = pages.chrome(context, title: \.checkEmailHeading)
        let page = NoticePage(
            chrome: chrome, heading: chrome.t.checkEmailHeading, body: chrome.t.checkEmailBody, link: nil, linkText: nil,
            resend: .init(action: "/register/resend", csrfToken: token.value, email: email, name: name, consent: consent, backHref: "/register"),
            notice: resent ? chrome.t.resentNotice : nil)
        return try pages.page(page, cookies: token.cookie.map { [$0] } ?? []).response(from: request, context: context)
    }

    /// The confirmation link: the page where the mailbox's holder chooses the account's password.
    @Sendable func showConfirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await showLinkForm(
            request, context: context, purpose: .registration, link: "confirmation link", form: .confirm, title: \.confirmHeading)
    }

    @Sendable func submitConfirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormFields.of(request, limit: FormPostMiddleware.bodyLimit)
        let token = form["token"] ?? ""
        let outcome = try await registration.confirmRegistration(
            token: token, password: form["password"] ?? "", client: context.clientAddress, keepingSession: sessions.storedKeyDigest(of: request),
            requestID: context.id)
        return try await passwordSet(
            outcome, request: request, context: context, heading: \.verifiedHeading, body: \.verifiedBody, form: .confirm,
            title: \.confirmHeading, token: token, name: "")
    }

    @Sendable func showForgot(_ request: Request, context: AppRequestContext) async throws -> Response {
        try tokenForm(request, context: context, form: .forgot, title: \.forgotHeading, token: "", name: "", error: nil, status: .ok)
            .response(from: request, context: context)
    }

    @Sendable func submitForgot(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormFields.of(request, limit: FormPostMiddleware.bodyLimit)
        if case .failure(let refusal) = try await registration.requestPasswordReset(
            email: form["email"] ?? "", client: context.clientAddress, requestID: context.id, language: context.language.rawValue)
        {
            throw refusal
        }
        return try notice(context, heading: \.forgotHeading, body: \.resetSentBody).response(from: request, context: context)
    }

    @Sendable func showReset(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await showLinkForm(request, context: context, purpose: .passwordReset, link: "reset link", form: .reset, title: \.resetHeading)
    }

    @Sendable func submitReset(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormFields.of(request, limit: FormPostMiddleware.bodyLimit)
        let token = form["token"] ?? ""
        let outcome = try await registration.resetPassword(
            token: token, password: form["password"] ?? "", client: context.clientAddress, keepingSession: sessions.storedKeyDigest(of: request),
            requestID: context.id)
        return try await passwordSet(
            outcome, request: request, context: context, heading: \.resetDoneHeading, body: \.resetDoneBody, form: .reset,
            title: \.resetHeading, token: token, name: "")
    }

    @Sendable func showInvitation(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await showLinkForm(
            request, context: context, purpose: .invitation, link: "invitation", form: .invitation, title: \.invitationHeading)
    }

    @Sendable func submitInvitation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormFields.of(request, limit: FormPostMiddleware.bodyLimit)
        let token = form["token"] ?? ""
        let name = form["name"] ?? ""
        let outcome = try await registration.acceptInvitation(
            token: token, name: name, password: form["password"] ?? "", consentAccepted: form["consent"] == "yes", client: context.clientAddress,
            keepingSession: sessions.storedKeyDigest(of: request), requestID: context.id)
        return try await passwordSet(
            outcome, request: request, context: context, heading: \.invitationDoneHeading, body: \.invitationDoneBody, form: .invitation,
            title: \.invitationHeading, token: token, name: name)
    }

    /// The page an emailed link opens: its form, only while the link can still work.
    private func showLinkForm(
        _ request: Request, context: AppRequestContext, purpose: IssuedToken.Purpose, link: String, form: TokenFormPage.Form,
        title: KeyPath<PageTexts, String>
    ) async throws -> Response {
        let token = request.uri.queryParameters["token"].map(String.init) ?? ""
        guard try await registration.isUsable(token: token, purpose: purpose) else {
            throw Rejection(Reasons.tokenInvalid, detail: "\(link) unknown, used, expired or voided")
        }
        return try tokenForm(request, context: context, form: form, title: title, token: token, name: "", error: nil, status: .ok)
            .response(from: request, context: context)
    }

    /// The answer to every link that sets a password: done (saying how many other sessions ended, and
    /// renewing this browser's session when it belongs to the account), the form again with its problem,
    /// or a refusal (a used or voided link, a rate limit).
    private func passwordSet(
        _ outcome: Result<CredentialChange, Rejection>, request: Request, context: AppRequestContext, heading: KeyPath<PageTexts, String>,
        body: KeyPath<PageTexts, String>, form: TokenFormPage.Form, title: KeyPath<PageTexts, String>, token: String, name: String
    ) async throws -> Response {
        switch outcome {
        case .success(let change):
            var cookies: [Cookie] = []
            if context.sessions.session?.contactID == change.contact.id {
                cookies += try await sessions.renew(after: change, request: request, context: context)
            }
            let chrome = pages.chrome(context, title: heading)
            let t = chrome.t
            let ended = t.sessionsEnded.replacingOccurrences(of: "{{count}}", with: String(change.endedSessions))
            return try pages.page(
                NoticePage(chrome: chrome, heading: t[keyPath: heading], body: t[keyPath: body] + " " + ended, link: "/login", linkText: t.signIn),
                cookies: cookies
            ).response(from: request, context: context)
        case .failure(let refusal) where [Reasons.tokenInvalid, Reasons.rateLimited].contains(refusal.code):
            throw refusal
        case .failure(let refusal):
            return try tokenForm(
                request, context: context, form: form, title: title, token: token, name: name, error: pages.formError(refusal, context),
                status: .unprocessableContent
            ).response(from: request, context: context)
        }
    }

    private func registerPage(
        _ request: Request, context: AppRequestContext, email: String, name: String, consentChecked: Bool, error: FormError?,
        status: HTTPResponse.Status
    ) -> HTMLPage {
        let token = csrf.token(for: request)
        let chrome = pages.chrome(context, title: \.registerHeading)
        return pages.page(
            RegisterPage(
                chrome: chrome, csrfToken: token.value, email: email, name: name, passwordRule: passwordRule(chrome.t),
                consent: consentView(checked: consentChecked), error: error),
            status: status, cookies: token.cookie.map { [$0] } ?? [])
    }

    private func tokenForm(
        _ request: Request, context: AppRequestContext, form: TokenFormPage.Form, title: KeyPath<PageTexts, String>, token: String, name: String,
        error: FormError?, status: HTTPResponse.Status
    ) -> HTMLPage {
        let csrfToken = csrf.token(for: request)
        let chrome = pages.chrome(context, title: title)
        return pages.page(
            TokenFormPage(
                chrome: chrome, form: form, csrfToken: csrfToken.value, token: token, name: name, passwordRule: passwordRule(chrome.t),
                consent: form == .invitation ? consentView(checked: false) : nil, error: error),
            status: status, cookies: csrfToken.cookie.map { [$0] } ?? [])
    }

    private func notice(
        _ context: AppRequestContext, heading: KeyPath<PageTexts, String>, body: KeyPath<PageTexts, String>, link: String? = nil
    ) -> HTMLPage {
        let chrome = pages.chrome(context, title: heading)
        let t = chrome.t
        return pages.page(
            NoticePage(chrome: chrome, heading: t[keyPath: heading], body: t[keyPath: body], link: link, linkText: link == nil ? nil : t.signIn))
    }

    private func consentView(checked: Bool) -> ConsentView? {
        settings.consent.map { consent in
            ConsentView(
                notice: consent.notice, checkbox: consent.checkbox, required: consent.required,
                links: consent.links.map { ConsentView.Link(title: $0.title, url: $0.url) }, checked: checked, hasLinks: !consent.links.isEmpty)
        }
    }

    private func passwordRule(_ texts: PageTexts) -> String {
        texts.passwordRule.replacingOccurrences(of: "{{min}}", with: String(settings.passwordPolicy.minimumLength))
    }
}
