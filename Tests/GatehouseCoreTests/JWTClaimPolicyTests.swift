import Foundation
import GatehouseCore
import Testing

/// Each claim policy on its own: it accepts the valid claims, and refuses each bad value with its exact code.
@Suite struct JWTClaimPolicyTests {
    typealias Case = (policy: any JWTClaimPolicy, changes: [String: JSONValue?], code: ReasonCode)

    static let now = JWTClaimRulesTests.now
    static let skew: TimeInterval = 60

    static let cases: [Case] = [
        (JWTIssuerPolicy(issuer: "https://app.example"), ["iss": .string("https://app.example/")], Reasons.jwtIssuer),
        (JWTIssuerPolicy(issuer: "https://app.example"), ["iss": .number(1)], Reasons.jwtClaimInvalid),
        (JWTIssuerPolicy(issuer: "https://app.example"), ["iss": nil], Reasons.jwtClaimInvalid),
        (JWTAudiencePolicy(audience: "gatehouse"), ["aud": .array([.string("other"), .string("more")])], Reasons.jwtAudience),
        (JWTAudiencePolicy(audience: "gatehouse"), ["aud": .array([])], Reasons.jwtClaimInvalid),
        (JWTAudiencePolicy(audience: "gatehouse"), ["aud": .array([.string("gatehouse"), .number(2)])], Reasons.jwtClaimInvalid),
        (JWTExpiryPolicy(clockSkew: skew), ["exp": JWTClaimRulesTests.seconds(-61)], Reasons.jwtExpired),
        (JWTExpiryPolicy(clockSkew: skew), ["exp": .string("tomorrow")], Reasons.jwtClaimInvalid),
        (JWTNotBeforePolicy(clockSkew: skew), ["nbf": JWTClaimRulesTests.seconds(61)], Reasons.jwtNotYetValid),
        (JWTIssuedAtPolicy(maximumAge: 300, clockSkew: skew), ["iat": JWTClaimRulesTests.seconds(61)], Reasons.jwtNotYetValid),
        (JWTIssuedAtPolicy(maximumAge: 300, clockSkew: skew), ["iat": JWTClaimRulesTests.seconds(-361)], Reasons.jwtTooOld),
        (JWTIssuedAtPolicy(maximumAge: 300, clockSkew: skew), ["iat": nil], Reasons.jwtClaimInvalid),
        (JWTTokenIDPolicy(), ["jti": .string("")], Reasons.jwtClaimInvalid),
        (JWTTokenIDPolicy(), ["jti": .string(String(repeating: "j", count: 257))], Reasons.jwtClaimInvalid),
        (JWTEmailPolicy(), ["email": .string("ada@example.com\r\nBcc: eve@example.com")], Reasons.jwtClaimInvalid),
        (JWTEmailPolicy(), ["email": .bool(true)], Reasons.jwtClaimInvalid),
        (JWTEmailPolicy(), ["name": .string(String(repeating: "n", count: 201))], Reasons.jwtClaimInvalid),
        (JWTEmailPolicy(), ["sub": .string("")], Reasons.jwtClaimInvalid),
    ]

    @Test("Every policy accepts the valid claims")
    func accepts() throws {
        let claims = JWTClaims(JWTClaimRulesTests.valid)
        for (policy, _, _) in Self.cases { try policy.check(claims, now: Self.now) }
    }

    @Test("Each bad value is refused by its policy with its exact code", arguments: Self.cases.indices)
    func refuses(_ index: Int) {
        let (policy, changes, code) = Self.cases[index]
        do {
            try policy.check(JWTClaims(JWTClaimRulesTests.claims(changes)), now: Self.now)
            Issue.record("\(type(of: policy)) accepted \(changes)")
        } catch {
            #expect(error.code == code, "\(type(of: policy)) \(changes)")
        }
    }

    @Test("The app's rules are these policies in order: the issuer is checked before the audience, the audience before the expiry")
    func order() {
        let names = JWTClaimRulesTests.rules.policies.map { String(describing: type(of: $0)) }
        #expect(
            names == [
                "JWTIssuerPolicy", "JWTAudiencePolicy", "JWTExpiryPolicy", "JWTNotBeforePolicy", "JWTIssuedAtPolicy", "JWTTokenIDPolicy",
                "JWTEmailPolicy",
            ])
        let both = JWTClaimRulesTests.claims(["iss": .string("https://evil.example"), "aud": .string("other")])
        #expect(JWTClaimRulesTests.refusal(both) == Reasons.jwtIssuer)
    }
}
