import Foundation
import GatehouseCore
import Hummingbird
import Logging

/// `/unsubscribe?token=…`, the link every notification carries (in its text and its List-Unsubscribe
/// header). GET shows what the button will do and changes nothing: mail scanners and previews open
/// links. POST unsubscribes — the RFC 8058 one-click POST a mail program sends (`List-Unsubscribe=One-Click`,
/// with no cookies and no Origin, so the path is exempt from the form-origin check the way the ACS is: the
/// signed token is what authorises it) or the page's button — and `choice=subscribe` undoes it.
struct UnsubscribeController {
    static let path = "/unsubscribe"
    let pages: PageRenderer
    let preferences: any MailPreferenceRepository
    let key: Data
    let clock: any GatehouseCore.Clock

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(RouterPath(Self.path), use: show)
        router.post(RouterPath(Self.path), use: choose)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (address, action) = try Self.address(request, key: key)
        let preference = try await preferences.preference(of: address)
        return try page(context, address: address, action: action, subscribed: preference.wantsNotifications, changed: false).response(
            from: request, context: context)
    }

    @Sendable func choose(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (address, action) = try Self.address(request, key: key)
        // The one-click body is form-encoded or multipart (RFC 8058 §3.1); only the page's own button says
        // `choice=subscribe`, so anything else, readable or not, unsubscribes.
        let form = try? await FormFields.of(request, limit: FormPostMiddleware.bodyLimit)
        let subscribe = form?["choice"] == "subscribe"
        try await preferences.setNotificationsOff(subscribe ? nil : clock.now, for: address)
        // The domain only: the log needs no full addresses.
        context.logger.info(
            subscribe ? "Notifications on again" : "Notifications off",
            metadata: ["domain": "\(address.value.split(separator: "@").last ?? "")"])
        return try page(context, address: address, action: action, subscribed: subscribe, changed: true).response(from: request, context: context)
    }

    private func page(_ context: AppRequestContext, address: EmailAddress, action: String, subscribed: Bool, changed: Bool) -> HTMLPage {
        let heading: KeyPath<PageTexts, String> =
            subscribed ? (changed ? \.resubscribedHeading : \.unsubscribeHeading) : \.unsubscribedHeading
        let chrome = pages.chrome(context, title: heading)
        let t = chrome.t
        let body = subscribed ? (changed ? t.resubscribedBody : t.unsubscribeBody) : t.unsubscribedBody
        return pages.page(
            UnsubscribePage(
                chrome: chrome, heading: t[keyPath: heading], body: body, address: address.value, action: action,
                choice: subscribed ? "unsubscribe" : "subscribe", button: subscribed ? t.unsubscribeButton : t.resubscribeButton))
    }

    /// The address the link's token was signed for, and the link itself for the button; a token that does
    /// not verify is refused with `token.unsubscribe_invalid` (and the address it names is never shown).
    static func address(_ request: Request, key: Data) throws -> (EmailAddress, String) {
        guard let token = request.uri.queryParameters["token"].map(String.init), let address = UnsubscribeToken.verify(token, key: key) else {
            throw Rejection(
                code: Reasons.unsubscribeLinkInvalid, summary: Reasons.summary(of: Reasons.unsubscribeLinkInvalid),
                detail: "the unsubscribe token is missing or its MAC does not verify")
        }
        return (address, path + "?token=" + token)
    }
}
