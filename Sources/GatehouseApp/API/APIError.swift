import Foundation
import GatehouseCore
import Hummingbird

/// A JSON API refusal: `{"error": {"code", "message", "request_id"}}` — the stable reason code and its
/// public summary, never the internal detail.
struct APIError: Sendable {
    struct Body: Encodable, Sendable {
        let error: Content
    }

    struct Content: Encodable, Sendable {
        let code: String
        let message: String
        let requestID: String
    }

    let rejection: Rejection
    let status: HTTPResponse.Status
    let requestID: String

    init(_ rejection: Rejection, status: HTTPResponse.Status, requestID: String) {
        self.rejection = rejection
        self.status = status
        self.requestID = requestID
    }

    func response() -> Response {
        let body = Body(error: Content(code: rejection.code.rawValue, message: rejection.summary, requestID: requestID))
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"gatehouse\"" }
        let data = (try? APIResponse<Body>.encoder.encode(body)) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func invalid(_ detail: String) -> Rejection {
        Rejection(code: Reasons.apiInvalid, summary: Reasons.summary(of: Reasons.apiInvalid) + " " + detail, detail: detail)
    }
}
