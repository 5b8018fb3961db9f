import Foundation
import GatehouseCore
import Testing

@Suite struct JWTClaimRulesTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let rules = JWTClaimRules(issuer: "https://app.example", audience: "gatehouse", maximumAge: 300, clockSkew: 60)

    /// Claims that pass `rules` at `now`.
    static var valid: [String: JSONValue] {
        [
            "iss": .string("https://app.example"),
            "aud": .string("gatehouse"),
            "exp": .number(now.timeIntervalSince1970 + 120),
            "iat": .number(now.timeIntervalSince1970 - 10),
            "jti": .string("token-1"),
            "email": .string("Ada@Example.COM"),
            "name": .string("Ada Lovelace"),
        ]
    }

    static func claims(_ changes: [String: JSONValue?]) -> [String: JSONValue] {
        var claims = valid
        for (name, value) in changes { claims[name] = value }
        return claims
    }

    static func refusal(_ claims: [String: JSONValue], rules: JWTClaimRules = rules, now: Date = now) -> ReasonCode? {
        do {
            _ = try rules.check(claims, now: now)
            return nil
        } catch {
            return error.code
        }
    }

    static func seconds(_ offset: TimeInterval) -> JSONValue {
        .number(now.timeIntervalSince1970 + offset)
    }

    // MARK: Accepted claims

    @Test("Valid claims yield the normalized email, name, jti and expiry; without sub the email is the subject")
    func valid() throws {
        let verified = try Self.rules.check(Self.valid, now: Self.now)
        #expect(verified.email.value == "ada@example.com")
        #expect(verified.subject == "ada@example.com")
        #expect(verified.name == "Ada Lovelace")
        #expect(verified.tokenID == "token-1")
        #expect(verified.expiresAt == Self.now.addingTimeInterval(120))
    }

    @Test("sub, when present, is the subject instead of the email")
    func subjectFromSub() throws {
        let verified = try Self.rules.check(Self.claims(["sub": .string("user-8812")]), now: Self.now)
        #expect(verified.subject == "user-8812")
        #expect(verified.email.value == "ada@example.com")
    }

    @Test("name is optional")
    func nameOptional() throws {
        #expect(try Self.rules.check(Self.claims(["name": nil]), now: Self.now).name == nil)
    }

    @Test("Claims the rules do not know are ignored")
    func unknownClaims() throws {
        _ = try Self.rules.check(Self.claims(["role": .string("admin"), "scope": .array([.string("x")])]), now: Self.now)
    }

    // MARK: Issuer and audience

    @Test(
        "Another issuer is jwt.issuer_mismatch; comparison is exact",
        arguments: ["https://evil.example", "https://APP.example", "https://app.example/", " https://app.example", ""])
    func issuerMismatch(_ issuer: String) {
        #expect(Self.refusal(Self.claims(["iss": .string(issuer)])) == Reasons.jwtIssuer)
    }

    @Test("A missing or non-string issuer is jwt.claim_invalid")
    func issuerInvalid() {
        #expect(Self.refusal(Self.claims(["iss": nil])) == Reasons.jwtClaimInvalid)
        #expect(Self.refusal(Self.claims(["iss": .array([.string("https://app.example")])])) == Reasons.jwtClaimInvalid)
        #expect(Self.refusal(Self.claims(["iss": .null])) == Reasons.jwtClaimInvalid)
    }

    @Test("The audience may be a string or an array that contains ours")
    func audienceAccepted() throws {
        _ = try Self.rules.check(Self.claims(["aud": .array([.string("gatehouse")])]), now: Self.now)
        _ = try Self.rules.check(Self.claims(["aud": .array([.string("other"), .string("gatehouse")])]), now: Self.now)
    }

    @Test(
        "An audience that does not contain ours is jwt.audience_mismatch",
        arguments: [
            JSONValue.string("other"), .string("Gatehouse"), .string("gatehouse "), .string(""), .array([.string("other")]),
            .array([.string("a"), .string("b")]), .array([.string("GATEHOUSE")]),
        ])
    func audienceMismatch(_ audience: JSONValue) {
        #expect(Self.refusal(Self.claims(["aud": audience])) == Reasons.jwtAudience)
    }

    @Test(
        "A missing audience, an empty array or non-string members are jwt.claim_invalid",
        arguments: [
            nil, JSONValue.array([]), .array([.string("gatehouse"), .number(1)]), .number(1), .null, .bool(true),
            .object(["aud": .string("gatehouse")]), .array([.array([.string("gatehouse")])]),
        ] as [JSONValue?])
    func audienceInvalid(_ audience: JSONValue?) {
        #expect(Self.refusal(Self.claims(["aud": audience])) == Reasons.jwtClaimInvalid)
    }

    // MARK: Time

    @Test("exp is accepted until clockSkew seconds after it, and refused from then on")
    func expiryBoundary() {
        #expect(Self.refusal(Self.claims(["exp": Self.seconds(-59)])) == nil)
        #expect(Self.refusal(Self.claims(["exp": Self.seconds(-59.999)])) == nil)
        #expect(Self.refusal(Self.claims(["exp": Self.seconds(-60)])) == Reasons.jwtExpired)
        #expect(Self.refusal(Self.claims(["exp": Self.seconds(-61)])) == Reasons.jwtExpired)
        #expect(Self.refusal(Self.claims(["exp": .number(0)])) == Reasons.jwtExpired)
    }

    @Test("Without skew, a token expires at exp itself (RFC 7519 §4.1.4: now must be before exp)")
    func expiryWithoutSkew() {
        let strict = JWTClaimRules(issuer: "https://app.example", audience: "gatehouse", maximumAge: 300, clockSkew: 0)
        #expect(Self.refusal(Self.claims(["exp": Self.seconds(1)]), rules: strict) == nil)
        #expect(Self.refusal(Self.claims(["exp": Self.seconds(0)]), rules: strict) == Reasons.jwtExpired)
    }

    @Test("nbf up to clockSkew seconds ahead is accepted; later is jwt.not_yet_valid")
    func notBeforeBoundary() {
        #expect(Self.refusal(Self.claims(["nbf": Self.seconds(-1000)])) == nil)
        #expect(Self.refusal(Self.claims(["nbf": Self.seconds(60)])) == nil)
        #expect(Self.refusal(Self.claims(["nbf": Self.seconds(61)])) == Reasons.jwtNotYetValid)
        #expect(Self.refusal(Self.claims(["nbf": Self.seconds(3600), "exp": Self.seconds(7200)])) == Reasons.jwtNotYetValid)
    }

    @Test("An iat in the future beyond the skew is jwt.not_yet_valid")
    func issuedInFuture() {
        #expect(Self.refusal(Self.claims(["iat": Self.seconds(60)])) == nil)
        #expect(Self.refusal(Self.claims(["iat": Self.seconds(61)])) == Reasons.jwtNotYetValid)
        #expect(Self.refusal(Self.claims(["iat": Self.seconds(100_000), "exp": Self.seconds(200_000)])) == Reasons.jwtNotYetValid)
    }

    @Test("An iat older than maximumAge plus skew is jwt.too_old, even when exp is far away")
    func tooOld() {
        #expect(Self.refusal(Self.claims(["iat": Self.seconds(-360)])) == nil)
        #expect(Self.refusal(Self.claims(["iat": Self.seconds(-361)])) == Reasons.jwtTooOld)
        #expect(Self.refusal(Self.claims(["iat": Self.seconds(-86_400), "exp": Self.seconds(86_400)])) == Reasons.jwtTooOld)
        let patient = JWTClaimRules(issuer: "https://app.example", audience: "gatehouse", maximumAge: 86_400, clockSkew: 60)
        #expect(Self.refusal(Self.claims(["iat": Self.seconds(-86_400), "exp": Self.seconds(86_400)]), rules: patient) == nil)
    }

    @Test(
        "Time claims that are missing or not NumericDates are jwt.claim_invalid",
        arguments: [
            ("exp", nil), ("exp", JSONValue.string("1900000120")), ("exp", .bool(true)), ("exp", .null), ("exp", .number(-1)),
            ("exp", .number(253_402_300_800)), ("exp", .array([.number(1_900_000_120)])), ("iat", nil), ("iat", .string("1899999990")),
            ("iat", .number(-5)), ("nbf", .string("0")), ("nbf", .null), ("nbf", .number(-1)),
        ] as [(String, JSONValue?)])
    func timeClaimInvalid(_ name: String, _ value: JSONValue?) {
        #expect(Self.refusal(Self.claims([name: value])) == Reasons.jwtClaimInvalid)
    }

    @Test("The NumericDate range ends with year 9999")
    func numericDateRange() {
        let patient = JWTClaimRules(issuer: "https://app.example", audience: "gatehouse", maximumAge: 1e12, clockSkew: 60)
        #expect(Self.refusal(Self.claims(["exp": .number(253_402_300_799)]), rules: patient) == nil)
        #expect(Self.refusal(Self.claims(["exp": .number(253_402_300_800)]), rules: patient) == Reasons.jwtClaimInvalid)
        #expect(Self.refusal(Self.claims(["exp": .number(.infinity)]), rules: patient) == Reasons.jwtClaimInvalid)
        #expect(Self.refusal(Self.claims(["exp": .number(.nan)]), rules: patient) == Reasons.jwtClaimInvalid)
    }

    // MARK: Identity claims

    @Test(
        "jti must be a string of 1 to 256 bytes",
        arguments: [
            nil, JSONValue.number(1), .null, .string(""), .string(String(repeating: "j", count: 257)), .string(String(repeating: "é", count: 129)),
        ] as [JSONValue?])
    func tokenIDInvalid(_ value: JSONValue?) {
        #expect(Self.refusal(Self.claims(["jti": value])) == Reasons.jwtClaimInvalid)
    }

    @Test("A jti of exactly 256 bytes is accepted")
    func tokenIDLongest() throws {
        let jti = String(repeating: "j", count: 256)
        #expect(try Self.rules.check(Self.claims(["jti": .string(jti)]), now: Self.now).tokenID == jti)
    }

    @Test(
        "email must be a string holding an address",
        arguments: [
            nil, JSONValue.number(42), .bool(true), .null, .array([.string("ada@example.com")]), .string(""), .string("ada"),
            .string("ada@localhost"), .string("ada lovelace@example.com"), .string("ada@example.com\nbcc: x@example.com"),
            .string("\"ada\"@example.com"), .string("a@b@example.com"),
        ] as [JSONValue?])
    func emailInvalid(_ value: JSONValue?) {
        #expect(Self.refusal(Self.claims(["email": value])) == Reasons.jwtClaimInvalid)
    }

    @Test(
        "name, when present, must be a string of at most 200 characters",
        arguments: [JSONValue.number(1), .null, .bool(false), .array([.string("Ada")]), .string(String(repeating: "n", count: 201))])
    func nameInvalid(_ value: JSONValue) {
        #expect(Self.refusal(Self.claims(["name": value])) == Reasons.jwtClaimInvalid)
    }

    @Test("A name of 200 characters is accepted, counting characters rather than bytes")
    func nameLongest() throws {
        let name = String(repeating: "é", count: 200)
        #expect(try Self.rules.check(Self.claims(["name": .string(name)]), now: Self.now).name == name)
    }

    @Test(
        "sub, when present, must be a string of 1 to 256 bytes",
        arguments: [JSONValue.number(42), .null, .bool(true), .string(""), .string(String(repeating: "s", count: 257)), .array([.string("a")])])
    func subjectInvalid(_ value: JSONValue) {
        #expect(Self.refusal(Self.claims(["sub": value])) == Reasons.jwtClaimInvalid)
    }

    // MARK: Order

    @Test("The first failing rule decides: issuer before audience before time before identity claims")
    func order() {
        let everythingWrong = Self.claims([
            "iss": .string("https://evil.example"), "aud": .string("other"), "exp": Self.seconds(-3600), "jti": nil, "email": .number(1),
        ])
        #expect(Self.refusal(everythingWrong) == Reasons.jwtIssuer)
        #expect(Self.refusal(everythingWrong.merging(["iss": .string("https://app.example")]) { $1 }) == Reasons.jwtAudience)
        #expect(
            Self.refusal(everythingWrong.merging(["iss": .string("https://app.example"), "aud": .string("gatehouse")]) { $1 }) == Reasons.jwtExpired)
    }

    @Test("Refusals carry the catalog summary, which never quotes claim values")
    func summaries() throws {
        do {
            _ = try Self.rules.check(Self.claims(["iss": .string("https://evil.example")]), now: Self.now)
            Issue.record("a foreign issuer was accepted")
        } catch {
            #expect(error.summary == Reasons.summary(of: Reasons.jwtIssuer))
            #expect(!error.summary.contains("evil"))
            #expect(error.detail.contains("https://evil.example"))
        }
    }
}
