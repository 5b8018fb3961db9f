import GatehouseCore
import Hummingbird
import Logging

/// `/healthz` (the process answers), `/readyz` (the database answers within `server.readiness_timeout_ms`)
/// and `/metrics` (Prometheus). `/readyz` and `/metrics` name the instance (`server.instance_id`), so an
/// operator probing through a load balancer sees which process answered.
struct HealthController {
    let store: any StoreMaintenance
    let readinessTimeout: Duration
    let metrics: GatehouseMetrics
    let instanceID: String

    func addRoutes(to router: Router<AppRequestContext>) {
        metrics.instance(instanceID)
        router.get("/healthz", use: health)
        router.get("/readyz", use: ready)
        router.get("/metrics", use: metrics)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) -> Response {
        Self.text("ok\n", status: .ok)
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async -> Response {
        let store = store
        switch await withDeadline(readinessTimeout, { try await store.probe() }) {
        case .success:
            return Self.text("ready instance=\(instanceID)\n", status: .ok)
        case .failure(let error):
            context.logger.error("Readiness probe failed", metadata: ["error": "\(error)"])
            return Self.text("database unavailable instance=\(instanceID)\n", status: .serviceUnavailable)
        case nil:
            context.logger.error("Readiness probe timed out", metadata: ["timeout": "\(readinessTimeout)"])
            return Self.text("database not answering instance=\(instanceID)\n", status: .serviceUnavailable)
        }
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
    }

    static func text(_ body: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
