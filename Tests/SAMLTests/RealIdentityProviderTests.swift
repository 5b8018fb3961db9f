import Foundation
import SAML
import Testing
import XMLSecurity

/// Every response from a real IdP in `../shared/fixtures/saml/` verifies with the clock pinned to its
/// `valid_at`, yielding exactly the NameID and attributes its case.json names.
@Suite struct RealIdentityProviderTests {
    /// Parameterised tests over an empty list pass vacuously; this one fails when ../shared is missing.
    @Test("The shared fixtures are all there: 11 real IdPs, 15 attacks")
    func fixturesPresent() {
        #expect(FixtureCase.accepted.count == 11, "expected ../shared/fixtures/saml next to the package root")
        #expect(FixtureCase.rejected.count == 15)
    }

    @Test("Accepted with the expected identity", arguments: FixtureCase.accepted)
    func accepts(_ fixture: FixtureCase) throws {
        let validator = try fixture.validator(allowsSHA1: fixture.usesSHA1)
        let identity = try validator.validate(try fixture.responseBytes, expectedRequestID: fixture.spec.inResponseTo, now: fixture.validAt)
        #expect(identity.nameID == fixture.spec.nameId)
        #expect(identity.nameIDFormat == fixture.spec.nameIdFormat)
        #expect(identity.identityProvider == fixture.spec.idpEntityId)
        #expect(identity.attributeDictionary == (fixture.spec.attributes ?? [:]))
    }
    @Test("SHA-1 responses are refused without the per-IdP switch", arguments: FixtureCase.accepted.filter(\.usesSHA1))
    func refusesSHA1ByDefault(_ fixture: FixtureCase) throws {
        let validator = try fixture.validator(allowsSHA1: false)
        #expect(throws: SAMLError(.sha1NotAllowed, "")) {
            try validator.validate(try fixture.responseBytes, expectedRequestID: fixture.spec.inResponseTo, now: fixture.validAt)
        }
    }

    @Test("An accepted response cannot be used twice", arguments: FixtureCase.accepted.prefix(3))
    func refusesReplay(_ fixture: FixtureCase) throws {
        let validator = try fixture.validator(allowsSHA1: fixture.usesSHA1)
        let bytes = try fixture.responseBytes
        _ = try validator.validate(bytes, expectedRequestID: fixture.spec.inResponseTo, now: fixture.validAt)
        #expect(throws: SAMLError(.replayed, "")) {
            try validator.validate(bytes, expectedRequestID: fixture.spec.inResponseTo, now: fixture.validAt)
        }
    }

    @Test("The encrypted Shibboleth response needs the SP key")
    func encryptedNeedsKey() throws {
        let fixture = try #require(FixtureCase.accepted.first { $0.name == "shibboleth-testshib-encrypted" })
        let withKey = try fixture.validator(allowsSHA1: false)
        let validator = ResponseValidator(
            serviceProvider: ServiceProvider(entityID: fixture.spec.spEntityId, assertionConsumerServiceURL: fixture.spec.acsUrl),
            identityProvider: withKey.identityProvider, replayCache: InMemoryAssertionReplayCache())
        #expect(throws: SAMLError(.decryptionKeyMissing, "")) {
            try validator.validate(try fixture.responseBytes, expectedRequestID: fixture.spec.inResponseTo, now: fixture.validAt)
        }
    }
}
