import Foundation
import GatehouseCore
import Hummingbird
import Logging

/// `/sso/jwt?jwt=…&return_to=…`: sign-in with a token minted by a trusted application (HubSpot's
/// "JWT SSO" pattern): verified, replay-checked by `jti`, mapped to a contact, audience-checked.
struct JWTController {
    let dependencies: AppDependencies
    let sessions: SessionIssuer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/sso/jwt", use: signIn)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = request.uri.queryParameters["jwt"].map(String.init) ?? ""
        let returnTo =
            ReturnPath(request.uri.queryParameters["return_to"].map(String.init))?.path ?? dependencies.configuration.portal.path("tickets")
        let now = dependencies.clock.now
        let app: JWTApp
        let claims: VerifiedJWTClaims
        do {
            (app, claims) = try await dependencies.jwtVerifier.verify(token, now: now)
        } catch let rejection as Rejection {
            throw await dependencies.refused(rejection, method: .jwt, issuer: nil, context: context)
        }
        // The jti is remembered until the token could no longer pass the expiry and age checks anyway.
        let keepUntil = max(claims.expiresAt, now.addingTimeInterval(app.maxAge)).addingTimeInterval(120)
        guard try await dependencies.replayLedger.record(namespace: "jwt:" + app.id, key: claims.tokenID, until: keepUntil, now: now) else {
            throw await dependencies.refused(
                .refusing(Reasons.jwtReplayed, "jti \(claims.tokenID.prefix(64).debugDescription) of app \(app.id) was already used"), method: .jwt,
                issuer: app.id, context: context)
        }
        let asserted = AssertedIdentity(
            identity: ExternalIdentity(kind: .jwt, issuer: app.id, subject: claims.subject), method: .jwt, email: claims.email, name: claims.name)
        switch try await dependencies.signIn.admit(asserted, rule: dependencies.configuration.audienceRule(for: .jwt), requestID: context.id) {
        case .success(let contact):
            let csrfCookie = try await sessions.begin(for: contact, method: .jwt, issuer: app.id, request: request, context: context)
            dependencies.metrics.signedIn(.jwt)
            var response = Response(status: .seeOther, headers: [.location: returnTo, .cacheControl: "no-store"])
            response.setCookie(csrfCookie)
            return response
        case .failure(let rejection):
            dependencies.metrics.refused(.jwt, reason: rejection.code)
            throw rejection
        }
    }
}
