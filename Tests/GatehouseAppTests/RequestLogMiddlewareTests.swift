import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import GatehouseApp

@Suite struct RequestLogMiddlewareTests {
    static func requestLines(_ capture: LogCapture) throws -> [[String: Any]] {
        try capture.objects().filter { $0["message"] as? String == "Request completed" }
    }

    @Test("One info line per request: method, matched route, status, duration_ms and the request id")
    func oneLinePerRequest() async throws {
        let capture = LogCapture()
        let gateway = try await TestGateway(logger: capture.logger())
        try await gateway.run { browser in
            let response = try await browser.get("/healthz")
            let lines = try Self.requestLines(capture)
            try #require(lines.count == 1)
            let line = lines[0]
            #expect(line["level"] as? String == "info")
            #expect(line["method"] as? String == "GET" && line["route"] as? String == "/healthz")
            #expect(line["status"] as? Int == 200)
            #expect((line["duration_ms"] as? Double).map { $0 >= 0 } == true)
            #expect(line["request_id"] as? String == response.headers[HTTPField.Name("X-Request-ID")!])
            #expect(line["reason"] == nil)
        }
    }

    @Test("A refusal's line has its reason code; the route is the pattern, never the path with its tokens")
    func refusalsAndTokens() async throws {
        let capture = LogCapture()
        let gateway = try await TestGateway(logger: capture.logger())
        try await gateway.run { browser in
            try await browser.get("/no/such/page")
            try await browser.get("/password/reset?token=SECRET-TOKEN-0123456789")
            try await browser.get("/tickets/987654321")
            let lines = try Self.requestLines(capture)
            try #require(lines.count == 3)
            #expect(lines[0]["status"] as? Int == 404 && lines[0]["reason"] as? String == "request.not_found")
            #expect(lines[1]["route"] as? String == "/password/reset")
            let ticketRoute = try #require(lines[2]["route"] as? String)
            #expect(ticketRoute.hasPrefix("/tickets/") && !ticketRoute.contains("987654321"))
            for line in try capture.raw.map({ String(decoding: $0, as: UTF8.self) }) where line.contains("Request completed") {
                #expect(!line.contains("SECRET-TOKEN") && !line.contains("987654321") && !line.contains("no/such"))
            }
        }
    }
}
