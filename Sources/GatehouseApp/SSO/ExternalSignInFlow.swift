import Foundation
import GatehouseCore
import Hummingbird
import Logging

/// The tail every external sign-in method shares (SAML and JWT; OpenID Connect next), so it exists once:
/// the asserted identity admitted by ``SignInService`` (linking, audience rule), then ONE commit
/// (``SignInLedger``) of the SAML request it answers, the method's one-time value in the replay ledger
/// (shared by the fleet on PostgreSQL, so a replay to any instance is refused), the audit event and the
/// new session; then metrics and the redirect. The replay entry and the session are written together or
/// not at all, so no session exists whose value was not recorded. A refused identity is committed the
/// same way without a session (its value stays used). Refusals decided before that (signature, claims,
/// unknown IdP or app) are audited and counted by ``refused(_:method:issuer:taking:context:)``, also here.
struct ExternalSignInFlow: Sendable {
    /// A value that may be used once: a SAML assertion ID or a JWT `jti`, in its issuer's namespace.
    struct ReplayKey: Sendable {
        var namespace: String
        var key: String
        var until: Date
        /// The refusal when the value was used before (each method has its own reason code).
        var replayed: Rejection
    }

    let ledger: any SignInLedger
    let signIn: SignInService
    let audit: any AuditLog
    let metrics: GatehouseMetrics
    let clock: any GatehouseCore.Clock
    let configuration: GatehouseConfiguration
    let sessions: SessionIssuer

    /// Admits `asserted` and commits its sign-in with `replay` and `answering` (the SAML request the
    /// response answers, taken in the same transaction); the response redirects to `returnTo`.
    func complete(
        _ asserted: AssertedIdentity, issuer: String, replay: ReplayKey, answering: SignInCommit.RequestTake? = nil, returnTo: String,
        request: Request, context: AppRequestContext
    ) async throws -> Response {
        let method = asserted.method
        let decision = try await signIn.admit(asserted, rule: configuration.audienceRule(for: method), requestID: context.id)
        let commit = SignInCommit(
            request: answering, replay: SignInCommit.ReplayEntry(namespace: replay.namespace, key: replay.key, until: replay.until),
            event: decision.event)
        switch decision.outcome {
        case .success(let contact):
            switch try await sessions.begin(for: contact, method: method, issuer: issuer, with: commit, request: request, context: context) {
            case .started(let cookies):
                metrics.signedIn(method)
                var response = Response(status: .seeOther, headers: [.location: returnTo, .cacheControl: "no-store"])
                for cookie in cookies { response.setCookie(cookie) }
                return response
            case .refused(let outcome):
                throw await refused(rejection(outcome, replay: replay, answering: answering), method: method, issuer: issuer, context: context)
            }
        case .failure(let rejection):
            let outcome = try await ledger.commit(commit, now: clock.now)
            guard outcome == .committed else {
                throw await refused(self.rejection(outcome, replay: replay, answering: answering), method: method, issuer: issuer, context: context)
            }
            metrics.refused(method, reason: rejection.code)
            throw rejection
        }
    }

    /// Why a commit wrote nothing.
    private func rejection(_ outcome: SignInCommit.Outcome, replay: ReplayKey, answering: SignInCommit.RequestTake?) -> Rejection {
        switch outcome {
        case .replayed, .committed: replay.replayed
        case .requestUnknown:
            .refusing(Reasons.requestUnknown, "request \(answering?.requestID ?? "?") was used or expired while its response was being checked")
        }
    }

    /// Counts and audits a refusal decided before ``SignInService`` saw the sign-in; returns it for
    /// throwing. `taking` uses up the SAML request the refused response answered, in the audit event's
    /// transaction (a refused response cannot be corrected and posted again for the same request). A
    /// failed audit write is logged, and the refusal stands.
    func refused(
        _ rejection: Rejection, method: AuthenticationMethod, issuer: String?, taking request: SignInCommit.RequestTake? = nil,
        context: AppRequestContext
    ) async -> Rejection {
        metrics.refused(method, reason: rejection.code)
        let event = AuditEvent(
            kind: .rejection, method: method, reasonCode: rejection.code, detail: (issuer.map { "\($0): " } ?? "") + rejection.detail,
            requestID: context.id, at: clock.now)
        do {
            // A request already gone (used by a concurrent post) leaves only the event to record.
            if try await ledger.commit(SignInCommit(request: request, event: event), now: clock.now) != .committed {
                try await audit.record(event)
            }
        } catch {
            context.logger.error("Audit write failed", metadata: ["error": "\(error)"])
        }
        return rejection
    }
}
