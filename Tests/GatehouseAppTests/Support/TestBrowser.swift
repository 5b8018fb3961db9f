import Foundation
import GatehouseApp
import GatehouseStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A browser for in-process HTTP tests: keeps cookies from `Set-Cookie` (deleting expired ones), sends
/// them back, and fills in the CSRF field and `Origin` of form posts like a real browser on our page.
final class TestBrowser: Sendable {
    let client: any TestClientProtocol
    let origin: String
    private let jar = Mutex<[String: String]>([:])

    init(_ client: any TestClientProtocol, origin: String = "http://127.0.0.1:8080") {
        self.client = client
        self.origin = origin
    }

    var cookies: [String: String] { jar.withLock { $0 } }

    func cookie(_ name: String) -> String? { cookies[name] }

    func setCookie(_ name: String, _ value: String?) {
        jar.withLock { $0[name] = value }
    }

    @discardableResult
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await send(uri, method: .get, headers: headers, body: nil)
    }

    /// A url-encoded form post; the CSRF field comes from the cookie unless `fields` sets it.
    @discardableResult
    func post(_ uri: String, form fields: [(String, String)], headers: HTTPFields = [:], csrf: Bool = true, origin sendOrigin: Bool = true)
        async throws -> TestResponse
    {
        var fields = fields
        if csrf, !fields.contains(where: { $0.0 == "csrf_token" }), let token = cookies.first(where: { $0.key.hasSuffix("gatehouse_csrf") })?.value {
            fields.append(("csrf_token", token))
        }
        var headers = headers
        if headers[.contentType] == nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        if headers[.origin] == nil, sendOrigin { headers[.origin] = origin }
        return try await send(uri, method: .post, headers: headers, body: ByteBuffer(string: Self.encode(fields)))
    }

    /// Signs `email` in through the login form with the test password (the cookies stay as they are).
    @discardableResult
    func signIn(_ email: String) async throws -> TestResponse {
        try await get("/login")
        return try await post("/login", form: [("email", email), ("password", TestGateway.password)])
    }

    func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        let cookieHeader = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        if !cookieHeader.isEmpty, headers[.cookie] == nil { headers[.cookie] = cookieHeader }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        for header in response.headers[values: .setCookie] {
            let attributes = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let pair = attributes.first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals])
            let value = String(pair[pair.index(after: equals)...])
            let expired =
                attributes.contains { $0.lowercased() == "max-age=0" } || value.isEmpty
                || attributes.contains { attribute in
                    attribute.lowercased().hasPrefix("expires=") && (Self.httpDate(String(attribute.dropFirst(8))).map { $0 < Date() } ?? false)
                }
            jar.withLock { $0[name] = expired ? nil : value }
        }
        return response
    }

    static func encode(_ fields: [(String, String)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return fields.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }
        .joined(separator: "&")
    }

    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The reason code shown on a refusal page or form error.
    var reasonCode: String? {
        let text = self.text
        for marker in ["<code class=\"reason\">", "<code>"] {
            if let start = text.range(of: marker), let end = text.range(of: "</code>", range: start.upperBound..<text.endIndex) {
                return String(text[start.upperBound..<end.lowerBound])
            }
        }
        return nil
    }

    var location: String? { headers[.location] }

    func setCookieHeader(named name: String) -> String? {
        headers[values: .setCookie].first { $0.hasPrefix(name + "=") }
    }
}
