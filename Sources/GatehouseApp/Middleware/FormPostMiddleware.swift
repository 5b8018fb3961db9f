import GatehouseCore
import Hummingbird

/// Every form POST (all POSTs but the SAML ACS and `POST /sso/jwt`, which IdPs and applications post cross-site by
/// design and which carry their own signed credential, the one-click unsubscribe a mail program posts with its
/// signed link, and the bearer-token JSON API): a url-encoded
/// body within the size limit, an `Origin` (or `Referer`) of this server when the browser sends one,
/// and the double-submit CSRF token.
struct FormPostMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    // A 10,000-character message of 4-byte characters is 120 KB percent-encoded.
    static let bodyLimit = 160 * 1024
    let origin: String
    let csrf: CSRFToken
    let exemptPaths: Set<String>
    /// Path prefixes whose POSTs are not forms (the bearer-token JSON API: a forged cross-site request
    /// carries no credential there).
    let exemptPrefixes: [String]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard request.method == .post, !exemptPaths.contains(path), !exemptPrefixes.contains(where: { path.hasPrefix($0) }) else {
            return try await next(request, context)
        }
        if let origin = request.headers[.origin] {
            guard origin == self.origin else { throw Self.rejection(Reasons.originMismatch, "Origin \(origin.prefix(100))") }
        } else if let referer = request.headers[.referer] {
            guard referer == origin || referer.hasPrefix(origin + "/") else {
                throw Self.rejection(Reasons.originMismatch, "Referer from another origin")
            }
        }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw Self.rejection(Reasons.requestInvalid, "not a url-encoded form")
        }
        var request = request
        let body = try await request.collectBody(upTo: Self.bodyLimit)
        let fields = FormFields(String(buffer: body))
        guard let expected = csrf.presented(in: request), let submitted = fields[CSRFToken.fieldName],
            OneTimeToken.constantTimeEquals(expected, submitted)
        else {
            throw Self.rejection(Reasons.csrfMismatch, "CSRF cookie and form field missing or different")
        }
        return try await next(request, context)
    }

    static func rejection(_ code: ReasonCode, _ detail: String) -> Rejection {
        Rejection(code: code, summary: Reasons.summary(of: code), detail: detail)
    }
}
