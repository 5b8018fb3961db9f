import GatehouseStore
import Hummingbird

/// `/healthz` (the process answers), `/readyz` (the database answers) and `/metrics` (Prometheus).
struct HealthController {
    let dependencies: AppDependencies

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/healthz", use: health)
        router.get("/readyz", use: ready)
        router.get("/metrics", use: metrics)
        router.get("/static/gatehouse.css", use: stylesheet)
        router.get("/static/saml-post.js", use: postScript)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) -> Response {
        Self.text("ok\n", status: .ok)
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async -> Response {
        await dependencies.database.isReachable()
            ? Self.text("ready\n", status: .ok) : Self.text("database unreachable\n", status: .serviceUnavailable)
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: dependencies.metrics.exposition())))
    }

    @Sendable func stylesheet(_ request: Request, context: AppRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: dependencies.pages.stylesheet)))
    }

    @Sendable func postScript(_ request: Request, context: AppRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: dependencies.pages.postScript)))
    }

    static func text(_ body: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
