import GatehouseCore
import Hummingbird
import Logging

extension AppDependencies {
    /// Counts and audits a refusal decided before the SignInService saw the sign-in (signature, claims,
    /// replay, unknown IdP or app); returns it for throwing. A failed audit write is logged, and the
    /// refusal stands.
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
