import GatehouseCore
import Hummingbird
import Logging

/// One info line per request when it completes: method, matched route (never the raw path, whose query
/// and segments carry tokens), status, `duration_ms` and, for a refusal, its reason code. The request id
/// and the instance come with the logger's metadata. Nothing else logs every request (Hummingbird does
/// not; ``ErrorPageMiddleware``'s "Request refused" adds the refusal's detail).
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let outcome = RequestOutcome()
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let microseconds = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
            var metadata: Logger.Metadata = [
                "method": .string(request.method.rawValue), "route": .string(context.endpointPath ?? "unmatched"),
                "status": .stringConvertible(status), "duration_ms": .stringConvertible(Double(microseconds) / 1000),
            ]
            if let reason = outcome.reason { metadata["reason"] = .string(reason.rawValue) }
            context.logger.info("Request completed", metadata: metadata)
        }
        do {
            let response = try await RequestOutcome.$current.withValue(outcome) { try await next(request, context) }
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}
