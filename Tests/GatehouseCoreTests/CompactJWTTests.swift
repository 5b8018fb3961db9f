import Foundation
import GatehouseCore
import Testing

@Suite struct CompactJWTTests {
    /// Base64url without padding, written out here rather than borrowed from the type under test.
    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func base64url(_ json: String) -> String {
        base64url(Array(json.utf8))
    }

    static let header = #"{"alg":"HS256","typ":"JWT"}"#
    static let payload = #"{"iss":"https://app.example","sub":"42","email":"ada@example.com"}"#
    static let signature = "c2lnbmF0dXJl"

    static func token(header: String = header, payload: String = payload, signature: String = signature) -> String {
        base64url(header) + "." + base64url(payload) + "." + signature
    }

    /// The code `token` is refused with, or `nil` when it parses.
    static func refusal(_ token: String) -> ReasonCode? {
        do {
            _ = try CompactJWT(token)
            return nil
        } catch {
            return error.code
        }
    }

    // MARK: Accepted tokens

    @Test("The RFC 7515 appendix A.1 example parses to its header and claims")
    func rfc7515Example() throws {
        let token =
            "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        let jwt = try CompactJWT(token)
        #expect(jwt.algorithm == "HS256")
        #expect(jwt.keyID == nil)
        #expect(jwt.token == token)
        #expect(jwt.header == ["typ": .string("JWT"), "alg": .string("HS256")])
        #expect(
            jwt.payload == ["iss": .string("joe"), "exp": .number(1_300_819_380), "http://example.com/is_root": .bool(true)])
    }

    @Test("A token built by hand exposes alg, kid and the claims")
    func handBuilt() throws {
        let jwt = try CompactJWT(Self.token(header: #"{"alg":"ES256","kid":"app-1","typ":"JWT"}"#))
        #expect(jwt.algorithm == "ES256")
        #expect(jwt.keyID == "app-1")
        #expect(jwt.payload["email"] == .string("ada@example.com"))
        #expect(jwt.payload["sub"] == .string("42"))
    }

    @Test("typ is optional and compared case-insensitively")
    func typ() throws {
        _ = try CompactJWT(Self.token(header: #"{"alg":"HS256"}"#))
        _ = try CompactJWT(Self.token(header: #"{"alg":"HS256","typ":"jwt"}"#))
    }

    @Test("The alg value is reported as sent (choosing allowed algorithms is the caller's job)")
    func algorithmReportedVerbatim() throws {
        #expect(try CompactJWT(Self.token(header: #"{"alg":"none"}"#)).algorithm == "none")
    }

    // MARK: Segments and base64url

    @Test(
        "Anything but three dot-separated segments is malformed",
        arguments: [
            "", "abc", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0", "a.b.c.d", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln.",
            "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d",
        ])
    func segmentCount(_ token: String) {
        #expect(Self.refusal(token) == Reasons.jwtMalformed)
    }

    @Test("A JWE-shaped token (five segments) is malformed")
    func jwe() {
        let token = [Self.base64url(#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#), "ZW5j", "aXY", "Y2lwaGVy", "dGFn"].joined(separator: ".")
        #expect(Self.refusal(token) == Reasons.jwtMalformed)
    }

    @Test("An empty header, payload or signature segment is malformed; unsecured alg none tokens have no signature")
    func emptySegments() {
        let header = Self.base64url(#"{"alg":"none"}"#)
        let payload = Self.base64url(Self.payload)
        #expect(Self.refusal("\(header).\(payload).") == Reasons.jwtMalformed)
        #expect(Self.refusal(".\(payload).\(Self.signature)") == Reasons.jwtMalformed)
        #expect(Self.refusal("\(header)..\(Self.signature)") == Reasons.jwtMalformed)
        #expect(Self.refusal("..") == Reasons.jwtMalformed)
    }

    @Test("Padding is refused in any segment")
    func padding() throws {
        let header = Self.base64url(#"{"alg":"HS256","kid":"k1"}"#)
        try #require(header.utf8.count % 4 != 0, "the header must need padding for this test to mean something")
        let padded = header + String(repeating: "=", count: (4 - header.utf8.count % 4) % 4)
        #expect(Self.refusal("\(padded).\(Self.base64url(Self.payload)).\(Self.signature)") == Reasons.jwtMalformed)
        #expect(Self.refusal("\(header).\(Self.base64url(Self.payload)).c2lnbmF0dXJlMQ==") == Reasons.jwtMalformed)
        _ = try CompactJWT("\(header).\(Self.base64url(Self.payload)).c2lnbmF0dXJlMQ")
    }

    @Test("The standard alphabet's '+' and '/' are refused where base64url has '-' and '_'")
    func standardAlphabet() throws {
        // The kid "??>" makes standard base64 contain '/', and ">>>" makes it contain '+'.
        for header in [#"{"alg":"HS256","kid":"??>"}"#, #"{"alg":"HS256","kid":">>>"}"#] {
            let standard = Data(header.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
            #expect(standard.contains("+") || standard.contains("/"))
            let urlSafe = Self.base64url(header)
            _ = try CompactJWT("\(urlSafe).\(Self.base64url(Self.payload)).\(Self.signature)")
            #expect(Self.refusal("\(standard).\(Self.base64url(Self.payload)).\(Self.signature)") == Reasons.jwtMalformed)
        }
        #expect(Self.refusal(Self.token(signature: "ab+c")) == Reasons.jwtMalformed)
        #expect(Self.refusal(Self.token(signature: "ab/c")) == Reasons.jwtMalformed)
        _ = try CompactJWT(Self.token(signature: "ab-_"))
    }

    @Test(
        "Whitespace and other characters outside base64url are refused",
        arguments: [" c2ln", "c2ln ", "c2\nln", "c2\tln", "c2ln\r\n", "c2l%6E", "c2ln.", "c2lné"])
    func foreignCharacters(_ signature: String) {
        #expect(Self.refusal(Self.token(signature: signature)) == Reasons.jwtMalformed)
    }

    @Test("A segment whose length leaves one character over (length % 4 == 1) is not base64")
    func impossibleLength() {
        #expect(Self.refusal(Self.token(signature: "A")) == Reasons.jwtMalformed)
        #expect(Self.refusal(Self.token(signature: "AAAAA")) == Reasons.jwtMalformed)
    }

    @Test("base64URLDecode reads the URL alphabet and refuses padding, '+', '/' and empty input")
    func decodeFunction() {
        #expect(CompactJWT.base64URLDecode("-_8") == [0xFB, 0xFF])
        #expect(CompactJWT.base64URLDecode("AQID") == [1, 2, 3])
        #expect(CompactJWT.base64URLDecode("AQ") == [1])
        #expect(CompactJWT.base64URLDecode("+/8") == nil)
        #expect(CompactJWT.base64URLDecode("AQ==") == nil)
        #expect(CompactJWT.base64URLDecode("") == nil)
        #expect(CompactJWT.base64URLDecode("A") == nil)
    }

    @Test("base64URLEncode is unpadded base64url and decodes back to the same bytes")
    func encodeRoundTrip() {
        #expect(CompactJWT.base64URLEncode([0xFB, 0xFF]) == "-_8")
        #expect(CompactJWT.base64URLEncode([1]) == "AQ")
        for length in 1...40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) }
            let encoded = CompactJWT.base64URLEncode(bytes)
            #expect(encoded == Self.base64url(bytes))
            #expect(CompactJWT.base64URLDecode(Substring(encoded)) == bytes)
        }
    }

    // MARK: Size

    @Test("A token of exactly the maximum length is accepted; one byte more is jwt.too_large")
    func sizeBoundary() throws {
        let limit = CompactJWT.maximumLength
        #expect(limit == 8192)
        let atLimit = try #require(Self.tokenOfLength(limit))
        #expect(atLimit.utf8.count == limit)
        _ = try CompactJWT(atLimit)
        let over = try #require(Self.tokenOfLength(limit + 1))
        #expect(over.utf8.count == limit + 1)
        #expect(Self.refusal(over) == Reasons.jwtTooLarge)
    }

    @Test("The size limit counts UTF-8 bytes and is checked before any parsing")
    func sizeInBytes() {
        // 3,000 characters but 9,000 bytes, and not even a JWT: the size decides.
        #expect(Self.refusal(String(repeating: "€", count: 3000)) == Reasons.jwtTooLarge)
        #expect(Self.refusal(String(repeating: "A", count: 100_000)) == Reasons.jwtTooLarge)
        #expect(Self.refusal(String(repeating: ".", count: 10_000)) == Reasons.jwtTooLarge)
    }

    /// A valid token padded (through its signature segment) to exactly `length` bytes.
    static func tokenOfLength(_ length: Int) -> String? {
        for pad in 0..<4 {
            let prefix = base64url(header) + "." + base64url(#"{"sub":"42","pad":"\#(String(repeating: "x", count: pad))"}"#) + "."
            let signatureLength = length - prefix.utf8.count
            if signatureLength > 0, signatureLength % 4 != 1 {
                return prefix + String(repeating: "A", count: signatureLength)
            }
        }
        return nil
    }

    // MARK: JSON content

    @Test("A payload that repeats a claim is jwt.duplicate_claim")
    func duplicateClaim() {
        #expect(
            Self.refusal(Self.token(payload: #"{"sub":"42","email":"ada@example.com","email":"mallory@example.com"}"#)) == Reasons.jwtDuplicateClaim)
    }

    @Test("A claim repeated under an escaped spelling is jwt.duplicate_claim")
    func duplicateClaimEscaped() {
        let payload = #"{"email":"ada@example.com","em\u0061il":"mallory@example.com"}"#
        #expect(Self.refusal(Self.token(payload: payload)) == Reasons.jwtDuplicateClaim)
        #expect(Self.refusal(Self.token(payload: #"{"profile":{"role":"user","r\u006Fle":"admin"}}"#)) == Reasons.jwtDuplicateClaim)
    }

    @Test("A header that repeats alg or kid is jwt.duplicate_claim")
    func duplicateHeader() {
        #expect(Self.refusal(Self.token(header: #"{"alg":"HS256","alg":"none"}"#)) == Reasons.jwtDuplicateClaim)
        #expect(Self.refusal(Self.token(header: #"{"alg":"RS256","kid":"a","kid":"b"}"#)) == Reasons.jwtDuplicateClaim)
    }

    @Test("The public summary of a refusal never quotes the token")
    func summaryIsGeneric() throws {
        do {
            _ = try CompactJWT(Self.token(payload: #"{"secret-claim":1,"secret-claim":2}"#))
            Issue.record("a duplicate claim was accepted")
        } catch {
            #expect(error.code == Reasons.jwtDuplicateClaim)
            #expect(error.summary == Reasons.summary(of: Reasons.jwtDuplicateClaim))
            #expect(!error.summary.contains("secret-claim"))
            #expect(error.detail.contains("secret-claim"))
        }
    }

    @Test(
        "Header or payload that is not a JSON object is malformed",
        arguments: [#"[]"#, #""alg""#, "42", "null", "true", "{", #"{"alg":"HS256"} x"#, #"{"alg":"HS256",}"#, "not json", ""])
    func notAnObject(_ json: String) {
        #expect(Self.refusal(Self.token(header: json)) == Reasons.jwtMalformed)
        #expect(Self.refusal(Self.token(payload: json)) == Reasons.jwtMalformed)
    }

    @Test("A payload that is not UTF-8 is malformed")
    func payloadNotUTF8() {
        let payload = Self.base64url([0x7B, 0x22, 0x73, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D])  // {"s":"<overlong />"}
        #expect(Self.refusal(Self.base64url(Self.header) + "." + payload + "." + Self.signature) == Reasons.jwtMalformed)
    }

    // MARK: Header rules

    @Test(
        "A header without a string alg is malformed",
        arguments: [#"{"typ":"JWT"}"#, #"{"alg":null}"#, #"{"alg":256}"#, #"{"alg":["HS256"]}"#, #"{"ALG":"HS256"}"#, "{}"])
    func missingAlgorithm(_ header: String) {
        #expect(Self.refusal(Self.token(header: header)) == Reasons.jwtMalformed)
    }

    @Test(
        "A typ other than JWT is malformed",
        arguments: [#""JWS""#, #""at+jwt""#, #""JWT ""#, #""""#, "1", "null", #"["JWT"]"#])
    func wrongType(_ type: String) {
        #expect(Self.refusal(Self.token(header: #"{"alg":"HS256","typ":\#(type)}"#)) == Reasons.jwtMalformed)
    }

    @Test(
        "Any crit header is malformed: no critical extension is understood (RFC 7515 §4.1.11)",
        arguments: [#"["exp"]"#, "[]", #"["b64"]"#, "null", #""exp""#])
    func critical(_ crit: String) {
        #expect(Self.refusal(Self.token(header: #"{"alg":"HS256","crit":\#(crit),"exp":1}"#)) == Reasons.jwtMalformed)
    }

    @Test(
        "A kid that is not a string is malformed",
        arguments: ["1", "null", "true", #"["a"]"#, #"{"id":"a"}"#])
    func keyIDNotString(_ kid: String) {
        #expect(Self.refusal(Self.token(header: #"{"alg":"HS256","kid":\#(kid)}"#)) == Reasons.jwtMalformed)
    }

    @Test("An empty string kid is still a string and is reported as such")
    func emptyKeyID() throws {
        #expect(try CompactJWT(Self.token(header: #"{"alg":"HS256","kid":""}"#)).keyID == "")
    }
}
