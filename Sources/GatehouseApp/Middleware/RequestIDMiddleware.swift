import HTTPTypes
import Hummingbird
import Logging

/// The request's id: Hummingbird's generated one or, when the TCP peer is a trusted proxy
/// (`server.trusted_proxies`) and sent a well-formed `X-Request-ID`, the proxy's, so that one id follows
/// a request through the proxy's log and ours. An id from any other peer, or a malformed one, is ignored:
/// a client must not be able to choose the id under which its requests are logged and audited.
///
/// The first middleware: it replaces the logger metadata `hb.request.id`, which `context.id` reads, so
/// every log line, refusal page, API error and audit event below sees the same id. Every response
/// echoes it in `X-Request-ID`.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustedProxies: Set<String>

    static var header: HTTPField.Name { HTTPField.Name("X-Request-ID")! }
    /// The logger metadata key Hummingbird keeps the request id in (`RequestContext.id`).
    static let metadataKey = "hb.request.id"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let id = Self.forwardedID(request.headers[Self.header], peer: context.peerAddress, trusted: trustedProxies) {
            context.logger[metadataKey: Self.metadataKey] = .string(id)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            // Only a failure to render an error page gets here (PageMiddleware turns the rest into pages);
            // answer like Hummingbird would, but with the id.
            context.logger.error("Request failed", metadata: ["error": "\(String(reflecting: error))"])
            response = Response(status: .internalServerError)
        }
        response.headers[Self.header] = context.id
        return response
    }

    /// The proxy's id when `peer` is trusted and `value` matches `^[A-Za-z0-9._:-]{1,128}$`; else nil.
    static func forwardedID(_ value: String?, peer: String, trusted: Set<String>) -> String? {
        guard trusted.contains(peer), let value, isWellFormed(value) else { return nil }
        return value
    }

    static func isWellFormed(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
                case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"): true
                default: false
                }
            }
    }
}
