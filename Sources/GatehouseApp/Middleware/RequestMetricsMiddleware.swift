import Hummingbird

/// Request latency by matched route (never the raw path, which would give every token its own series).
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: GatehouseMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
            metrics.requestCompleted(
                route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: status, nanoseconds: nanoseconds)
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}
