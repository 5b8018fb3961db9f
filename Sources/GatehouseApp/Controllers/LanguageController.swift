import Foundation
import GatehouseCore
import Hummingbird

/// `GET /language?lang=fi&return_to=/tickets`: the header's language switch. Remembers the choice in a
/// cookie (which then wins over `Accept-Language`) and goes back to the page, a local path only.
/// A GET on purpose: the links work without a form, and a forged request can only change the language.
struct LanguageController {
    static let cookieName = "gatehouse_lang"
    let secure: Bool
    let home: String

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/language", use: choose)
    }

    @Sendable func choose(_ request: Request, context: AppRequestContext) throws -> Response {
        guard let raw = request.uri.queryParameters["lang"], let language = Language(rawValue: String(raw)) else {
            throw Rejection(code: Reasons.requestInvalid, summary: Reasons.summary(of: Reasons.requestInvalid), detail: "unknown language")
        }
        let target = ReturnPath(request.uri.queryParameters["return_to"].map(String.init))?.path ?? home
        let cookie = Cookie(
            name: Self.cookieName, value: language.rawValue, maxAge: 365 * 24 * 3600, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
        return Response(status: .seeOther, headers: [.location: target, .setCookie: cookie.description, .cacheControl: "no-store"])
    }
}
