import Foundation
import GatehouseCore
import Hummingbird
import Logging

/// The tail every external sign-in method shares (SAML and JWT; OpenID Connect next), so it exists once:
/// the method's one-time value recorded in the replay ledger before anything is granted (durable: on
/// PostgreSQL the fleet shares it, so a replay to any instance is refused), the asserted identity admitted
/// by ``SignInService`` (linking, audience rule, audit), a fresh session, metrics and the redirect.
/// Refusals decided before that (signature, claims, unknown IdP or app) are audited and counted by
/// ``refused(_:method:issuer:context:)``, also here.
struct ExternalSignInFlow: Sendable {
    /// A value that may be used once: a SAML assertion ID or a JWT `jti`, in its issuer's namespace.
    struct ReplayKey: Sendable {
        var namespace: String
        var key: String
        var until: Date
        /// The refusal when the value was used before (each method has its own reason code).
        var replayed: Rejection
    }

    let replayLedger: any ReplayLedger
    let signIn: SignInService
    let audit: any AuditLog
    let metrics: GatehouseMetrics
    let clock: any GatehouseCore.Clock
    let configuration: GatehouseConfiguration
    let sessions: SessionIssuer

    /// Records `replay`, admits `asserted` and starts its session; the response redirects to `returnTo`.
    func complete(
        _ asserted: AssertedIdentity, issuer: String, replay: ReplayKey, returnTo: String, request: Request, context: AppRequestContext
    ) async throws -> Response {
        let method = asserted.method
        guard try await replayLedger.record(namespace: replay.namespace, key: replay.key, until: replay.until, now: clock.now) else {
            throw await refused(replay.replayed, method: method, issuer: issuer, context: context)
        }
        switch try await signIn.admit(asserted, rule: configuration.audienceRule(for: method), requestID: context.id) {
        case .success(let contact):
            let csrfCookie = try await sessions.begin(for: contact, method: method, issuer: issuer, request: request, context: context)
            metrics.signedIn(method)
            var response = Response(status: .seeOther, headers: [.location: returnTo, .cacheControl: "no-store"])
            response.setCookie(csrfCookie)
            return response
        case .failure(let rejection):
            // SignInService has audited it.
            metrics.refused(method, reason: rejection.code)
            throw rejection
        }
    }

    /// Counts and audits a refusal decided before ``SignInService`` saw the sign-in; returns it for
    /// throwing. A failed audit write is logged, and the refusal stands.
    func refused(_ rejection: Rejection, method: AuthenticationMethod, issuer: String?, context: AppRequestContext) async -> Rejection {
        metrics.refused(method, reason: rejection.code)
        let event = AuditEvent(
            kind: .rejection, method: method, reasonCode: rejection.code, detail: (issuer.map { "\($0): " } ?? "") + rejection.detail,
            requestID: context.id, at: clock.now)
        do {
            try await audit.record(event)
        } catch {
            context.logger.error("Audit write failed", metadata: ["error": "\(error)"])
        }
        return rejection
    }
}
