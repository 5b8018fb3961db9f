import Foundation
import GatehouseCore
import Testing

@Suite struct ReasonCodeTests {
    @Test(
        "Well-formed codes are component.snake_case",
        arguments: ["saml.audience_mismatch", "jwt.expired", "login.throttled", "saml.sha1_not_allowed"])
    func wellFormed(_ raw: String) throws {
        let code = try #require(ReasonCode(raw))
        #expect(code.rawValue == raw)
        #expect(code.component == raw.prefix { $0 != "." })
    }

    @Test(
        "Malformed codes are refused",
        arguments: ["", "saml", "SAML.x", "saml.", ".x", "saml.Audience", "saml.audience-mismatch", "saml.a b", "saml..x"])
    func malformed(_ raw: String) {
        #expect(ReasonCode(raw) == nil)
    }

    @Test("Codes round-trip through JSON as plain strings and refuse malformed ones")
    func codable() throws {
        let code: ReasonCode = "saml.replayed"
        let encoded = try JSONEncoder().encode(["code": code])
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"code":"saml.replayed"}"#)
        #expect(try JSONDecoder().decode([String: ReasonCode].self, from: encoded)["code"] == "saml.replayed")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([String: ReasonCode].self, from: Data(#"{"code":"Bad Code"}"#.utf8)) }
    }

    @Test("Rejections compare by code; the summary never carries the detail")
    func rejection() {
        let a = Rejection(code: "saml.audience_mismatch", summary: "Meant for another service.", detail: "audience \"x\"")
        let b = Rejection(code: "saml.audience_mismatch", summary: "Meant for another service.", detail: "audience \"y\"")
        #expect(a == b)
        #expect(a.description == "saml.audience_mismatch: audience \"x\"")
        #expect(!a.summary.contains("x\""))
    }
}
