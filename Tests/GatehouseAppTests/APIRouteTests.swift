import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The JSON API `/api/v1`, in process: bearer tokens, every call, JSON errors with reason codes.
@Suite struct APIRouteTests {
    static func token(_ gateway: TestGateway, name: String = "helpdesk") async throws -> String {
        let secret = APIToken.newSecret()
        try await gateway.dependencies.apiTokens.create(APIToken(digest: OneTimeToken.digest(of: secret), name: name, createdAt: gateway.clock.now))
        return secret
    }

    static func call(
        _ browser: TestBrowser, _ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil,
        contentType: String = "application/json"
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any], response: TestResponse) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = contentType }
        let response = try await browser.send(uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        let object = (try? JSONSerialization.jsonObject(with: Data(response.text.utf8))) as? [String: Any] ?? [:]
        return (response.status, object, response)
    }

    static func errorCode(_ json: [String: Any]) -> String? {
        (json["error"] as? [String: Any])?["code"] as? String
    }

    @Test("Without a valid, unrevoked bearer token every call is 401 api.unauthorized in JSON")
    func unauthorized() async throws {
        let gateway = try await TestGateway()
        let token = try await Self.token(gateway)
        _ = try await gateway.dependencies.apiTokens.revoke(name: "helpdesk", at: gateway.clock.now)
        try await gateway.run { browser in
            for presented in [nil, "gha_unknown", token, "Basic abc"] {
                let result = try await Self.call(browser, .get, "/api/v1/tickets", token: presented)
                #expect(result.status == .unauthorized)
                #expect(Self.errorCode(result.json) == "api.unauthorized")
                #expect(result.response.headers[.contentType] == "application/json")
                #expect(result.response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                #expect((result.json["error"] as? [String: Any])?["request_id"] != nil)
            }
            // A session cookie is no API credential.
            try await gateway.contact("admin@example.com", admin: true)
            try await gateway.signIn(browser, "admin@example.com")
            #expect(try await Self.call(browser, .get, "/api/v1/tickets", token: nil).status == .unauthorized)
        }
    }

    @Test("List, search, get with notes, create for a contact, post a message and a note, change the stage")
    func calls() async throws {
        let gateway = try await TestGateway()
        let ada = try await gateway.contact("ada@example.com", name: "Ada Lovelace")
        let bob = try await gateway.contact("bob@example.com")
        let printer = try await gateway.ticket("Printer jam", by: ada)
        try await gateway.message("internal remark", on: printer, by: .agent(nil, name: "Sam"), kind: .internalNote)
        try await gateway.ticket("Invoice question", by: bob)
        let token = try await Self.token(gateway)
        try await gateway.run { browser in
            let list = try await Self.call(browser, .get, "/api/v1/tickets", token: token)
            #expect(list.status == .ok && list.json["total"] as? Int == 2)
            let search = try await Self.call(browser, .get, "/api/v1/tickets?q=printer", token: token)
            #expect((search.json["tickets"] as? [[String: Any]])?.map { $0["id"] as? Int } == [Int(printer.id)])
            let byContact = try await Self.call(browser, .get, "/api/v1/tickets?contact=bob@example.com", token: token)
            #expect((byContact.json["tickets"] as? [[String: Any]])?.count == 1)
            let unknownContact = try await Self.call(browser, .get, "/api/v1/tickets?contact=nobody@example.com", token: token)
            #expect(unknownContact.status == .unprocessableContent && Self.errorCode(unknownContact.json) == "ticket.contact_unknown")
            let badQuery = try await Self.call(browser, .get, "/api/v1/tickets?status=maybe", token: token)
            #expect(badQuery.status == .badRequest && Self.errorCode(badQuery.json) == "api.invalid_request")

            let detail = try await Self.call(browser, .get, "/api/v1/tickets/\(printer.id)", token: token)
            let messages = try #require(detail.json["messages"] as? [[String: Any]])
            #expect(messages.map { $0["kind"] as? String } == ["public", "note"])
            #expect((detail.json["contacts"] as? [[String: Any]])?.first?["email"] as? String == "ada@example.com")
            let missing = try await Self.call(browser, .get, "/api/v1/tickets/99999", token: token)
            #expect(missing.status == .notFound && Self.errorCode(missing.json) == "ticket.not_found")

            let created = try await Self.call(
                browser, .post, "/api/v1/tickets", token: token,
                json: #"{"contact": "ada@example.com", "subject": "Phoned in", "body": "Customer called about the VPN.", "priority": "urgent"}"#)
            #expect(created.status == .created)
            let ticket = try #require(created.json["ticket"] as? [String: Any])
            #expect(ticket["priority"] as? String == "urgent" && ticket["stage"] as? String == "new" && ticket["status"] as? String == "open")
            let newID = try #require(ticket["id"] as? Int)

            let message = try await Self.call(
                browser, .post, "/api/v1/tickets/\(newID)/messages", token: token, json: #"{"body": "We called back.", "kind": "public"}"#)
            #expect(message.status == .created && message.json["author_name"] as? String == "helpdesk")
            let note = try await Self.call(
                browser, .post, "/api/v1/tickets/\(newID)/messages", token: token, json: #"{"body": "api-note", "kind": "note", "author": "Robo"}"#)
            #expect(note.status == .created && note.json["kind"] as? String == "note" && note.json["author_name"] as? String == "Robo")
            let stage = try await Self.call(browser, .post, "/api/v1/tickets/\(newID)/stage", token: token, json: #"{"stage": "closed"}"#)
            #expect(stage.status == .ok && stage.json["status"] as? String == "closed")

            // The customer sees the ticket, the public answer, not the note.
            try await gateway.signIn(browser, "ada@example.com")
            let page = try await browser.get("/tickets/\(newID)")
            #expect(page.text.contains("Phoned in") && page.text.contains("We called back.") && !page.text.contains("api-note"))
        }
    }

    @Test("Bad bodies: wrong type, duplicate members, unknown members, invalid values, oversized — JSON errors, never 500")
    func badBodies() async throws {
        let gateway = try await TestGateway()
        let ada = try await gateway.contact("ada@example.com")
        let ticket = try await gateway.ticket("Printer jam", by: ada)
        let token = try await Self.token(gateway)
        try await gateway.run { browser in
            let cases: [(String, String, String, HTTPResponse.Status, String)] = [
                ("/api/v1/tickets", "{}", "application/json", .badRequest, "api.invalid_request"),
                ("/api/v1/tickets", "not json", "application/json", .badRequest, "api.invalid_request"),
                ("/api/v1/tickets", #"{"contact": "ada@example.com"}"#, "text/plain", .badRequest, "api.invalid_request"),
                ("/api/v1/tickets", #"["x"]"#, "application/json", .badRequest, "api.invalid_request"),
                ("/api/v1/tickets", #"{"contact": 5, "subject": "s", "body": "b"}"#, "application/json", .badRequest, "api.invalid_request"),
                (
                    "/api/v1/tickets", #"{"contact": "ada@example.com", "subject": "s", "body": "b", "admin": true}"#, "application/json",
                    .badRequest, "api.invalid_request"
                ),
                (
                    "/api/v1/tickets", #"{"contact": "ada@example.com", "subject": "s", "body": "b", "priority": "p0"}"#, "application/json",
                    .unprocessableContent, "ticket.priority_invalid"
                ),
                (
                    "/api/v1/tickets", #"{"contact": "ada@example.com", "subject": "s", "body": "b", "pipeline": "x"}"#, "application/json",
                    .unprocessableContent, "ticket.pipeline_invalid"
                ),
                (
                    "/api/v1/tickets", #"{"contact": "ada@example.com", "subject": " ", "body": "b"}"#, "application/json", .unprocessableContent,
                    "ticket.subject_missing"
                ),
                (
                    "/api/v1/tickets", #"{"contact": "x@example.com", "subject": "s", "body": "b"}"#, "application/json", .unprocessableContent,
                    "ticket.contact_unknown"
                ),
                ("/api/v1/tickets/\(ticket.id)/messages", #"{"body": "a", "body": "b"}"#, "application/json", .badRequest, "api.invalid_request"),
                ("/api/v1/tickets/\(ticket.id)/messages", #"{"body": "  "}"#, "application/json", .unprocessableContent, "ticket.message_empty"),
                (
                    "/api/v1/tickets/\(ticket.id)/messages", #"{"body": "x", "kind": "secret"}"#, "application/json", .badRequest,
                    "api.invalid_request"
                ),
                ("/api/v1/tickets/999/messages", #"{"body": "x"}"#, "application/json", .notFound, "ticket.not_found"),
                ("/api/v1/tickets/abc/stage", #"{"stage": "closed"}"#, "application/json", .notFound, "ticket.not_found"),
                ("/api/v1/tickets/\(ticket.id)/stage", #"{"stage": "nirvana"}"#, "application/json", .unprocessableContent, "ticket.stage_invalid"),
                (
                    "/api/v1/tickets/\(ticket.id)/messages", "{\"body\": \"" + String(repeating: "x", count: 200_000) + "\"}", "application/json",
                    .contentTooLarge, "request.too_large"
                ),
            ]
            for (uri, body, type, status, code) in cases {
                let result = try await Self.call(browser, .post, uri, token: token, json: body, contentType: type)
                #expect(result.status == status, "\(uri) \(body.prefix(60))")
                #expect(Self.errorCode(result.json) == code, "\(uri) \(body.prefix(60))")
                #expect(result.response.headers[.contentType] == "application/json")
            }
            let unknownRoute = try await Self.call(browser, .get, "/api/v1/nothing", token: token)
            #expect(unknownRoute.status == .notFound && Self.errorCode(unknownRoute.json) == "request.not_found")
            #expect(try await gateway.dependencies.ticketStore.agentTicket(ticket.id)?.messages.count == 1)
        }
    }
}
