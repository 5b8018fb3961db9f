import HTTPTypes
import Hummingbird

/// Headers on every response: a CSP that allows no script and no inline style, no framing, no
/// referrer to other sites (email links carry tokens in their query), no MIME sniffing, and HSTS on https.
/// `same-origin` rather than `no-referrer`: under `no-referrer` browsers send `Origin: null` with our
/// own form posts, which the CSRF check must refuse.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let https: Bool
    /// Origins the branding's logo and favicon come from, besides our own.
    let imageOrigins: [String]
    let contentSecurityPolicy: String

    init(https: Bool, imageOrigins: [String] = []) {
        self.https = https
        self.imageOrigins = imageOrigins
        contentSecurityPolicy = Self.contentSecurityPolicy(formAction: "'self'", scripts: false, imageOrigins: imageOrigins)
    }

    /// The policy with another form target (the SAML POST binding page) and, when asked, scripts from
    /// our own origin only.
    static func contentSecurityPolicy(formAction: String, scripts: Bool, imageOrigins: [String]) -> String {
        let images = (["'self'"] + imageOrigins).joined(separator: " ")
        return
            "default-src 'none'; \(scripts ? "script-src 'self'; " : "")style-src 'self'; img-src \(images); form-action \(formAction); frame-ancestors 'none'; base-uri 'none'"
    }

    static var frameOptions: HTTPField.Name { HTTPField.Name("X-Frame-Options")! }
    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }
    static var openerPolicy: HTTPField.Name { HTTPField.Name("Cross-Origin-Opener-Policy")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // A page may bring its own policy (the SAML POST page names its one form target).
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.frameOptions] = "DENY"
        response.headers[Self.referrerPolicy] = "same-origin"
        response.headers[Self.openerPolicy] = "same-origin"
        if https { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}
