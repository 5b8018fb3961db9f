import Foundation
import GatehouseCore
import Testing

@Suite struct SignInServiceTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let decoyHash = ReversiblePasswordHasher.hash(of: "decoy-password")
    static let password = "correct horse battery"

    /// A sign-in service over in-memory repositories, with a throttle of 3 failures per account.
    struct Fixture {
        let storage = InMemoryStorage()
        var hasher = ReversiblePasswordHasher()
        let throttle = LoginThrottle(limits: .init(failuresPerAccount: 3, failuresPerAddress: 10, window: 900))
        var clock: any Clock = FixedClock(SignInServiceTests.now)

        var service: SignInService {
            SignInService(
                contacts: InMemoryContactRepository(storage: storage), identities: InMemoryIdentityRepository(storage: storage),
                membership: InMemoryMembership(storage: storage), audit: InMemoryAuditLog(storage: storage), hasher: hasher, throttle: throttle,
                clock: clock, decoyHash: SignInServiceTests.decoyHash)
        }

        @discardableResult
        func addAda(verified: Bool = true, isPortalAdmin: Bool = false, lists: [String] = []) -> Contact {
            storage.addContact(
                email: "ada@example.com", verified: verified, isPortalAdmin: isPortalAdmin,
                passwordHash: ReversiblePasswordHasher.hash(of: SignInServiceTests.password), lists: lists)
        }

        func signIn(
            _ email: String = "ada@example.com", _ password: String = SignInServiceTests.password, address: String = "192.0.2.1",
            rule: AudienceRule = .all
        ) async throws -> Result<Contact, Rejection> {
            try await service.signIn(email: email, password: password, address: address, rule: rule, requestID: "req-1")
        }
    }

    static let identity = ExternalIdentity(kind: .saml, issuer: "https://idp.example/metadata", subject: "nameid-42")

    // MARK: Password sign-in

    @Test("The right password for a verified contact signs in and audits a login")
    func success() async throws {
        let fixture = Fixture()
        let ada = fixture.addAda()
        let contact = try await fixture.signIn(" ADA@example.com ").get()
        #expect(contact == ada)
        #expect(fixture.hasher.verifications == [.init(password: Self.password, hash: ReversiblePasswordHasher.hash(of: Self.password))])
        #expect(
            fixture.storage.audit == [
                AuditEvent(
                    kind: .login, method: .password, contactID: ada.id, email: "ada@example.com", detail: "signed in", requestID: "req-1",
                    at: Self.now)
            ])
    }

    @Test("A wrong password is login.invalid_credentials after exactly one hash check against the stored hash")
    func wrongPassword() async throws {
        let fixture = Fixture()
        let ada = fixture.addAda()
        let result = try await fixture.signIn("ada@example.com", "wrong password!")
        #expect(result.rejectionCode == Reasons.invalidCredentials)
        #expect(fixture.hasher.verifications == [.init(password: "wrong password!", hash: ReversiblePasswordHasher.hash(of: Self.password))])
        let event = try #require(fixture.storage.audit.last)
        #expect(fixture.storage.audit.count == 1)
        #expect(event.kind == .rejection)
        #expect(event.reasonCode == Reasons.invalidCredentials)
        #expect(event.method == .password)
        #expect(event.email == "ada@example.com")
        #expect(event.requestID == "req-1")
        #expect(event.contactID == nil || event.contactID == ada.id)
        #expect(!event.detail.contains("wrong password!"))
    }

    @Test("An unknown email is login.invalid_credentials after exactly one hash check, against the decoy hash")
    func unknownEmail() async throws {
        let fixture = Fixture()
        fixture.addAda()
        let result = try await fixture.signIn("nobody@example.com", "some password")
        #expect(result.rejectionCode == Reasons.invalidCredentials)
        #expect(fixture.hasher.verifications == [.init(password: "some password", hash: Self.decoyHash)])
        #expect(fixture.storage.audit.map(\.reasonCode) == [Reasons.invalidCredentials])
        #expect(fixture.storage.audit.first?.email == "nobody@example.com")
    }

    @Test("Wrong password and unknown email are indistinguishable to the caller")
    func noEnumeration() async throws {
        let fixture = Fixture()
        fixture.addAda()
        let wrong = try #require(try await fixture.signIn("ada@example.com", "wrong password!").rejection)
        let unknown = try #require(try await fixture.signIn("nobody@example.com", "wrong password!").rejection)
        #expect(wrong.code == unknown.code)
        #expect(wrong.summary == unknown.summary)
        #expect(fixture.hasher.verifications.count == 2)
    }

    @Test("The decoy's own password never signs in an unknown email")
    func decoyPasswordRefused() async throws {
        let fixture = Fixture()
        let result = try await fixture.signIn("nobody@example.com", "decoy-password")
        #expect(result.rejectionCode == Reasons.invalidCredentials)
        #expect(fixture.hasher.verifications == [.init(password: "decoy-password", hash: Self.decoyHash)])
    }

    @Test(
        "A malformed email costs the same single decoy check and is login.invalid_credentials",
        arguments: ["not-an-email", "", "ada@example", "ada @example.com"])
    func malformedEmail(_ email: String) async throws {
        let fixture = Fixture()
        let result = try await fixture.signIn(email, "whatever password")
        #expect(result.rejectionCode == Reasons.invalidCredentials)
        #expect(fixture.hasher.verifications == [.init(password: "whatever password", hash: Self.decoyHash)])
        #expect(fixture.storage.audit.map(\.reasonCode) == [Reasons.invalidCredentials])
    }

    @Test("A contact without a password (SSO only) is checked against the decoy and refused")
    func noPassword() async throws {
        let fixture = Fixture()
        fixture.storage.addContact(email: "sso@example.com", passwordHash: nil)
        let result = try await fixture.signIn("sso@example.com", "decoy-password")
        #expect(result.rejectionCode == Reasons.invalidCredentials)
        #expect(fixture.hasher.verifications == [.init(password: "decoy-password", hash: Self.decoyHash)])
    }

    @Test("After the account's failure limit even the right password is login.throttled, without a hash check")
    func throttled() async throws {
        let fixture = Fixture()
        fixture.addAda()
        for attempt in 0..<3 {
            let result = try await fixture.signIn("ada@example.com", "guess \(attempt)", address: "198.51.100.\(attempt)")
            #expect(result.rejectionCode == Reasons.invalidCredentials)
        }
        let result = try await fixture.signIn()
        #expect(result.rejectionCode == Reasons.throttled)
        #expect(fixture.hasher.verifications.count == 3)
        #expect(
            fixture.storage.audit.map(\.reasonCode) == [
                Reasons.invalidCredentials, Reasons.invalidCredentials, Reasons.invalidCredentials, Reasons.throttled,
            ])
        #expect(fixture.storage.audit.last?.kind == .rejection)
        #expect(fixture.storage.audit.last?.method == .password)
    }

    @Test("Concurrent guesses cannot exceed the account's failure limit")
    func throttleUnderConcurrency() async throws {
        var fixture = Fixture()
        fixture.hasher = ReversiblePasswordHasher(delay: .milliseconds(300))
        fixture.addAda()
        let service = fixture.service
        try await withThrowingTaskGroup(of: Void.self) { group in
            for attempt in 0..<10 {
                group.addTask {
                    _ = try await service.signIn(
                        email: "ada@example.com", password: "guess \(attempt)", address: "192.0.2.1", rule: .all, requestID: "r")
                }
            }
            try await group.waitForAll()
        }
        #expect(fixture.hasher.verifications.count <= 3)
    }

    @Test("Spellings of one address share the account's failure count")
    func throttleNormalizesEmail() async throws {
        let fixture = Fixture()
        fixture.addAda()
        _ = try await fixture.signIn("ada@example.com", "guess 1")
        _ = try await fixture.signIn("ADA@Example.com", "guess 2")
        _ = try await fixture.signIn("  ada@EXAMPLE.COM\n", "guess 3")
        #expect(try await fixture.signIn().rejectionCode == Reasons.throttled)
    }

    @Test("Unknown emails are throttled too, so guessing them costs the same")
    func throttleUnknown() async throws {
        let fixture = Fixture()
        for attempt in 0..<3 { _ = try await fixture.signIn("nobody@example.com", "guess \(attempt)") }
        #expect(try await fixture.signIn("nobody@example.com", "guess 4").rejectionCode == Reasons.throttled)
        #expect(fixture.hasher.verifications.count == 3)
    }

    @Test("A successful sign-in clears the account's failures")
    func successResetsThrottle() async throws {
        let fixture = Fixture()
        fixture.addAda()
        for attempt in 0..<2 { _ = try await fixture.signIn("ada@example.com", "guess \(attempt)") }
        _ = try await fixture.signIn().get()
        for attempt in 0..<2 { _ = try await fixture.signIn("ada@example.com", "again \(attempt)") }
        _ = try await fixture.signIn().get()
    }

    @Test("An unverified contact with the right password is login.email_unverified")
    func unverified() async throws {
        let fixture = Fixture()
        let ada = fixture.addAda(verified: false)
        let result = try await fixture.signIn()
        #expect(result.rejectionCode == Reasons.emailUnverified)
        #expect(fixture.storage.audit.count == 1)
        #expect(fixture.storage.audit.first?.reasonCode == Reasons.emailUnverified)
        #expect(fixture.storage.audit.first?.contactID == ada.id)
    }

    @Test("An unverified contact with a wrong password learns nothing about its state")
    func unverifiedWrongPassword() async throws {
        let fixture = Fixture()
        fixture.addAda(verified: false)
        #expect(try await fixture.signIn("ada@example.com", "wrong password!").rejectionCode == Reasons.invalidCredentials)
    }

    @Test("A contact outside the rule's lists is access.not_in_audience, audited with its memberships")
    func notInAudience() async throws {
        let fixture = Fixture()
        let ada = fixture.addAda(lists: ["Staff"])
        let result = try await fixture.signIn(rule: .lists(["Customers"]))
        #expect(result.rejectionCode == Reasons.notInAudience)
        let event = try #require(fixture.storage.audit.last)
        #expect(fixture.storage.audit.count == 1)
        #expect(event.kind == .rejection)
        #expect(event.reasonCode == Reasons.notInAudience)
        #expect(event.contactID == ada.id)
        #expect(event.detail.contains("Staff"))
    }

    @Test("Members of a listed list are admitted, whatever the case of the list name")
    func inAudience() async throws {
        let fixture = Fixture()
        fixture.addAda(lists: ["customers"])
        _ = try await fixture.signIn(rule: .lists(["Customers", "Partners"])).get()
        #expect(fixture.storage.audit.map(\.kind) == [.login])
    }

    @Test("Portal admins pass any audience rule")
    func adminBypass() async throws {
        let fixture = Fixture()
        let admin = fixture.addAda(isPortalAdmin: true)
        #expect(try await fixture.signIn(rule: .lists(["Customers"])).get() == admin)
        #expect(try await fixture.signIn(rule: .lists([])).get() == admin)
    }

    // MARK: Asserted identities

    @Test("A new identity is linked to a new verified contact named as asserted")
    func admitNew() async throws {
        let fixture = Fixture()
        let asserted = AssertedIdentity(identity: Self.identity, method: .saml, email: EmailAddress("Grace@Example.com"), name: "Grace Hopper")
        let contact = try await fixture.service.admit(asserted, rule: .all, requestID: "req-9").get()
        #expect(contact.email.value == "grace@example.com")
        #expect(contact.name == "Grace Hopper")
        #expect(contact.verified)
        #expect(fixture.storage.linkCalls == 1)
        #expect(fixture.storage.read { $0.links[Self.identity] } == contact.id)
        #expect(
            fixture.storage.audit == [
                AuditEvent(
                    kind: .login, method: .saml, contactID: contact.id, email: "grace@example.com", detail: "signed in", requestID: "req-9",
                    at: Self.now)
            ])
        #expect(fixture.hasher.verifications.isEmpty)
    }

    @Test("A linked identity reuses its contact without linking again, even when the asserted email changed or is gone")
    func admitLinked() async throws {
        let fixture = Fixture()
        let ada = fixture.addAda()
        fixture.storage.link(Self.identity, to: ada.id)
        for email in [EmailAddress("ada.new@example.com"), nil] {
            let asserted = AssertedIdentity(identity: Self.identity, method: .saml, email: email, name: "Someone Else")
            #expect(try await fixture.service.admit(asserted, rule: .all, requestID: "r").get() == ada)
        }
        #expect(fixture.storage.linkCalls == 0)
        #expect(fixture.storage.contacts.count == 1)
    }

    @Test("An unlinked identity without an email is signin.email_missing, audited with the method")
    func admitWithoutEmail() async throws {
        let fixture = Fixture()
        let asserted = AssertedIdentity(identity: Self.identity, method: .jwt, email: nil, name: "Grace")
        let result = try await fixture.service.admit(asserted, rule: .all, requestID: "req-3")
        #expect(result.rejectionCode == Reasons.emailMissing)
        #expect(fixture.storage.linkCalls == 0)
        #expect(fixture.storage.contacts.isEmpty)
        let event = try #require(fixture.storage.audit.first)
        #expect(fixture.storage.audit.count == 1)
        #expect(event.kind == .rejection)
        #expect(event.method == .jwt)
        #expect(event.reasonCode == Reasons.emailMissing)
        #expect(event.requestID == "req-3")
        #expect(event.detail.contains("https://idp.example/metadata"))
    }

    @Test("A blank or missing asserted name falls back to the email", arguments: [nil, "", "   ", "\n\t"] as [String?])
    func admitBlankName(_ name: String?) async throws {
        let fixture = Fixture()
        let asserted = AssertedIdentity(identity: Self.identity, method: .saml, email: EmailAddress("grace@example.com"), name: name)
        #expect(try await fixture.service.admit(asserted, rule: .all, requestID: "r").get().name == "grace@example.com")
    }

    @Test("An asserted name is stored trimmed, as registration stores names")
    func admitTrimsName() async throws {
        let fixture = Fixture()
        let asserted = AssertedIdentity(identity: Self.identity, method: .saml, email: EmailAddress("grace@example.com"), name: "  Grace Hopper\n")
        let contact = try await fixture.service.admit(asserted, rule: .all, requestID: "r").get()
        #expect(contact.name == "Grace Hopper")
    }

    @Test("An identity whose email matches an existing contact joins that contact")
    func admitExistingEmail() async throws {
        let fixture = Fixture()
        let ada = fixture.addAda()
        let asserted = AssertedIdentity(identity: Self.identity, method: .saml, email: EmailAddress("ada@example.com"), name: "Ada L.")
        #expect(try await fixture.service.admit(asserted, rule: .all, requestID: "r").get().id == ada.id)
        #expect(fixture.storage.contacts.count == 1)
    }

    @Test("Asserted identities pass the audience rule too; portal admins bypass it")
    func admitAudience() async throws {
        let fixture = Fixture()
        let asserted = AssertedIdentity(identity: Self.identity, method: .saml, email: EmailAddress("grace@example.com"), name: "Grace")
        let refused = try await fixture.service.admit(asserted, rule: .lists(["Customers"]), requestID: "r")
        #expect(refused.rejectionCode == Reasons.notInAudience)
        #expect(fixture.storage.audit.last?.reasonCode == Reasons.notInAudience)
        #expect(fixture.storage.audit.last?.method == .saml)

        let admin = fixture.storage.addContact(email: "root@example.com", isPortalAdmin: true)
        let adminIdentity = ExternalIdentity(kind: .jwt, issuer: "app-1", subject: "root")
        fixture.storage.link(adminIdentity, to: admin.id)
        let admitted = try await fixture.service.admit(
            AssertedIdentity(identity: adminIdentity, method: .jwt, email: nil, name: nil), rule: .lists(["Customers"]), requestID: "r")
        #expect(try admitted.get() == admin)
        #expect(fixture.storage.audit.last?.kind == .login)
    }

    @Test("Every refusal writes exactly one audit event carrying its reason code")
    func everyOutcomeAudited() async throws {
        let fixture = Fixture()
        fixture.addAda(lists: ["Staff"])
        fixture.storage.addContact(email: "new@example.com", verified: false, passwordHash: ReversiblePasswordHasher.hash(of: Self.password))
        var expected: [ReasonCode?] = []
        for (email, password, rule, code) in [
            ("ada@example.com", "nope nope nope", AudienceRule.all, Reasons.invalidCredentials),
            ("ghost@example.com", "nope nope nope", .all, Reasons.invalidCredentials),
            ("new@example.com", Self.password, .all, Reasons.emailUnverified),
            ("ada@example.com", Self.password, .lists(["Customers"]), Reasons.notInAudience),
        ] {
            let result = try await fixture.signIn(email, password, rule: rule)
            #expect(result.rejectionCode == code)
            expected.append(code)
            #expect(fixture.storage.audit.map(\.reasonCode) == expected)
        }
        _ = try await fixture.signIn().get()
        #expect(fixture.storage.audit.map(\.reasonCode) == expected + [nil])
        #expect(fixture.storage.audit.allSatisfy { $0.at == Self.now && $0.requestID == "req-1" })
    }
}

extension Result where Failure == Rejection {
    var rejection: Rejection? {
        if case .failure(let rejection) = self { return rejection }
        return nil
    }

    var rejectionCode: ReasonCode? { rejection?.code }
}
