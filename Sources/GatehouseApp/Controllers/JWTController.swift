import Foundation
import GatehouseCore
import Hummingbird
import Logging

/// `/sso/jwt?jwt=…&return_to=…`: sign-in with a token minted by a trusted application (HubSpot's
/// "JWT SSO" pattern): verified, replay-checked by `jti`, mapped to a contact, audience-checked.
///
/// `POST /sso/jwt` with `jwt` and `return_to` form fields does the same, so the token stays out of URLs
/// (browser history, proxies' and servers' logs), as Zendesk now asks its customers to do. The
/// application's page posts it cross-site, so like the SAML ACS it is exempt from the form-origin and
/// CSRF-token check: the signed, single-use token is what authorises it, as it is for the GET.
struct JWTController {
    let verifier: JWTSignInVerifier
    let flow: ExternalSignInFlow
    let defaultDestination: String

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(RouterPath(Self.path), use: signIn)
        router.post(RouterPath(Self.path), use: signInByPost)
    }

    static let path = "/sso/jwt"
    /// A JWT of the largest accepted size (``JWTSignInVerifier``'s limit) with its return path, percent-encoded.
    static let bodyLimit = 32 * 1024

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await signIn(
            token: request.uri.queryParameters["jwt"].map(String.init) ?? "",
            returnTo: request.uri.queryParameters["return_to"].map(String.init), request: request, context: context)
    }

    @Sendable func signInByPost(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw Rejection(Reasons.requestInvalid, detail: "POST /sso/jwt takes a url-encoded form with a jwt field")
        }
        let form = try await FormFields.of(request, limit: Self.bodyLimit)
        return try await signIn(token: form["jwt"] ?? "", returnTo: form["return_to"], request: request, context: context)
    }

    private func signIn(token: String, returnTo rawReturnTo: String?, request: Request, context: AppRequestContext) async throws -> Response {
        let returnTo = ReturnPath(rawReturnTo)?.path ?? defaultDestination
        let now = flow.clock.now
        let app: JWTApp
        let claims: VerifiedJWTClaims
        do {
            (app, claims) = try await verifier.verify(token, now: now)
        } catch let rejection as Rejection {
            throw await flow.refused(rejection, method: .jwt, issuer: nil, context: context)
        }
        // The jti is remembered until the token could no longer pass the expiry and age checks anyway.
        let replay = ExternalSignInFlow.ReplayKey(
            namespace: "jwt:" + app.id, key: claims.tokenID, until: max(claims.expiresAt, now.addingTimeInterval(app.maxAge)).addingTimeInterval(120),
            replayed: .refusing(Reasons.jwtReplayed, "jti \(claims.tokenID.prefix(64).debugDescription) of app \(app.id) was already used"))
        let asserted = AssertedIdentity(
            identity: ExternalIdentity(kind: .jwt, issuer: app.id, subject: claims.subject), method: .jwt, email: claims.email, name: claims.name)
        return try await flow.complete(asserted, issuer: app.id, replay: replay, returnTo: returnTo, request: request, context: context)
    }
}
