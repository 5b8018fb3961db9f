import Foundation
import GatehouseCore
import Hummingbird
import Logging

/// `/sso/jwt?jwt=…&return_to=…`: sign-in with a token minted by a trusted application (HubSpot's
/// "JWT SSO" pattern): verified, replay-checked by `jti`, mapped to a contact, audience-checked.
struct JWTController {
    let verifier: JWTSignInVerifier
    let flow: ExternalSignInFlow
    let defaultDestination: String

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/sso/jwt", use: signIn)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = request.uri.queryParameters["jwt"].map(String.init) ?? ""
        let returnTo = ReturnPath(request.uri.queryParameters["return_to"].map(String.init))?.path ?? defaultDestination
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
