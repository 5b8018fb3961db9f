import Foundation
import SAML
import Testing

/// Every published attack and defect case in `../shared/fixtures/saml/` is refused with its exact code.
@Suite struct PublishedAttackTests {
    /// The code each case must produce. case.json gives a category; several categories are finer or
    /// coarser than our codes, so the mapping is spelled out per case:
    /// - XSW2, XSW7 and the concealed-assertion case hide an assertion outside its place → assertion_wrapped.
    /// - XSW3 puts an unsigned assertion beside the signed one in the right place → multiple_assertions.
    /// - A correctly signed response whose content is intact but whose signer is not pinned → untrusted_signing_key.
    static let expected: [String: SAMLError.Code] = [
        "google-comment-injection": .commentInjection,
        "google-comment-tampered": .signatureInvalid,
        "nodesaml-attacker-resigned-keyinfo": .untrustedSigningKey,
        "oktadev-expired-conditions": .expired,
        "oktadev-status-failure": .statusNotSuccess,
        "oktadev-tampered-nameid": .signatureInvalid,
        "oktadev-unsigned": .unsigned,
        "oktadev-wrong-audience": .audienceMismatch,
        "oktadev-wrong-signing-key": .untrustedSigningKey,
        "olgn09-wrong-destination": .destinationMismatch,
        "onelogin-xsw2-response-wrap": .assertionWrapped,
        "onelogin-xsw3-unsigned-assertion-first": .multipleAssertions,
        "onelogin-xsw7-assertion-in-extensions": .assertionWrapped,
        "rubysaml-xsw-concealed-assertion": .assertionWrapped,
        "secureworks-injected-duplicate-assertion": .multipleAssertions,
    ]

    @Test("Every reject case in the shared fixtures has an expected code")
    func everyCaseIsMapped() {
        #expect(Set(FixtureCase.rejected.map(\.name)) == Set(Self.expected.keys))
    }

    /// The per-IdP SHA-1 switch is on for SHA-1 cases so that the named defect, not the algorithm, is
    /// what fails; ``refusedWithoutSHA1Switch`` covers the default.
    @Test("Refused with the exact code", arguments: FixtureCase.rejected)
    func refused(_ fixture: FixtureCase) throws {
        let code = try #require(Self.expected[fixture.name])
        let validator = try fixture.validator(allowsSHA1: fixture.usesSHA1)
        let error = #expect(throws: SAMLError.self) {
            try validator.validate(try fixture.responseBytes, expectedRequestID: fixture.spec.inResponseTo, now: fixture.validAt)
        }
        #expect(error?.code == code, "\(fixture.name): \(error?.description ?? "accepted")")
    }

    @Test("Refused without the SHA-1 switch too", arguments: FixtureCase.rejected.filter(\.usesSHA1))
    func refusedWithoutSHA1Switch(_ fixture: FixtureCase) throws {
        let validator = try fixture.validator(allowsSHA1: false)
        #expect(throws: SAMLError.self) {
            try validator.validate(try fixture.responseBytes, expectedRequestID: fixture.spec.inResponseTo, now: fixture.validAt)
        }
    }
}
