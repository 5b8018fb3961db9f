import Foundation
import GatehouseCore
import GatehouseTestSupport
import Testing

@Suite struct SignInServiceTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let decoyHash = ReversiblePasswordHasher.hash(of: "decoy-password")
    static let password = "correct horse battery"

    /// A sign-in service over in-memory repositories, with 3 free failures per account and client class.
    struct Fixture {
        let storage = InMemoryStorage()
        var hasher = ReversiblePasswordHasher()
        var limits = AccountLimits(
            passwordFormsPerClient: 100, login: LoginThrottlePolicy(freeFailures: 3, failuresPerClient: 10, window: 900, baseDelay: 1, maxDelay: 900))
        let clock = ManualClock(SignInServiceTests.now)

        var service: SignInService {
            SignInService(
                contacts: InMemoryContactRepository(storage: storage), identities: InMemoryIdentityRepository(storage: storage),
                membership: InMemoryMembershipStore(storage: storage), attempts: InMemoryLoginAttemptStore(storage: storage),
                rateLimits: InMemoryRateLimitStore(storage: storage), audit: InMemoryAuditLog(storage: storage), hasher: hasher, limits: limits,
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
            device: String? = nil, rule: AudienceRule = .all
        ) async throws -> Result<Contact, Rejection> {
            try await signInWithDevice(email, password, address: address, device: device, rule: rule).map(\.contact)
        }

        func signInWithDevice(
            _ email: String = "ada@example.com", _ password: String = SignInServiceTests.password, address: String = "192.0.2.1",
            device: String? = nil, rule: AudienceRule = .all
        ) async throws -> Result<SignInService.PasswordSignIn, Rejection> {
            try await service.signIn(email: email, password: password, address: address, deviceToken: device, rule: rule, requestID: "req-1")
        }
    }

    static let identity = ExternalIdentity(kind: .saml, issuer: "https://idp.example/metadata", subject: "nameid-42")

    // MARK: Password sign-in

    @Test("The right password for a verified contact signs in with a login event for the caller to commit with the session")
    func success() async throws {
        let fixture = Fixture()
        let ada = fixture.addAda()
        let signedIn = try await fixture.signInWithDevice(" ADA@example.com ").get()
        #expect(signedIn.contact == ada)
        #expect(fixture.hasher.verifications == [.init(password: Self.password, hash: ReversiblePasswordHasher.hash(of: Self.password))])
        #expect(
            signedIn.event
                == AuditEvent(
                    kind: .login, method: .password, contactID: ada.id, email: "ada@example.com", detail: "signed in", requestID: "req-1",
                    at: Self.now))
        // Recorded by the caller's SignInLedger commit, with the session, not here.
        #expect(fixture.storage.audit.isEmpty)
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
        arguments: ["not-an-email", "ada@example", "ada @example.com"])
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
        #expect(fixture.storage.audit.last?.kind == .security)
        #expect(fixture.storage.audit.last?.method == .password)
        #expect(result.rejection?.retryAfter == 1)
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
                        email: "ada@example.com", password: "guess \(attempt)", address: "192.0.2.1", deviceToken: nil, rule: .all, requestID: "r")
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

    @Test("Empty or oversized credentials are login.invalid_credentials without a hash or a throttle slot")
    func emptyCredentials() async throws {
        let fixture = Fixture()
        fixture.addAda()
        for (email, password) in [("", "whatever password"), ("ada@example.com", ""), ("ada@example.com", String(repeating: "p", count: 1025))] {
            #expect(try await fixture.signIn(email, password).rejectionCode == Reasons.invalidCredentials)
        }
        #expect(fixture.hasher.verifications.isEmpty)
        _ = try await fixture.signIn().get()
    }

    @Test("A success does not refill the strangers' budget, but makes its browser a client of its own")
    func successTrustsDevice() async throws {
        let fixture = Fixture()
        fixture.addAda()
        for attempt in 0..<2 { _ = try await fixture.signIn("ada@example.com", "guess \(attempt)") }
        let device = try await fixture.signInWithDevice().get().deviceToken
        #expect(OneTimeToken.hasShape(device))
        _ = try await fixture.signIn("ada@example.com", "guess 3")
        #expect(try await fixture.signIn().rejectionCode == Reasons.throttled)
        _ = try await fixture.signIn(device: device).get()
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
        #expect(try await fixture.signInWithDevice(rule: .lists(["Customers", "Partners"])).get().event.kind == .login)
        #expect(fixture.storage.audit.isEmpty)
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
        let decision = try await fixture.service.admit(asserted, rule: .all, requestID: "req-9")
        let contact = try decision.outcome.get()
        #expect(contact.email.value == "grace@example.com")
        #expect(contact.name == "Grace Hopper")
        #expect(contact.verified)
        #expect(fixture.storage.linkCalls == 1)
        #expect(fixture.storage.read { $0.links[Self.identity] } == contact.id)
        // The event is the caller's to commit with the session (SignInLedger): admit records nothing.
        #expect(
            decision.event
                == AuditEvent(
                    kind: .login, method: .saml, contactID: contact.id, email: "grace@example.com", detail: "signed in", requestID: "req-9",
                    at: Self.now))
        #expect(fixture.storage.audit.isEmpty)
        #expect(fixture.hasher.verifications.isEmpty)
    }

    @Test("A linked identity reuses its contact without linking again, even when the asserted email changed or is gone")
    func admitLinked() async throws {
        let fixture = Fixture()
        let ada = fixture.addAda()
        fixture.storage.link(Self.identity, to: ada.id)
        for email in [EmailAddress("ada.new@example.com"), nil] {
            let asserted = AssertedIdentity(identity: Self.identity, method: .saml, email: email, name: "Someone Else")
            #expect(try await fixture.service.admit(asserted, rule: .all, requestID: "r").outcome.get() == ada)
        }
        #expect(fixture.storage.linkCalls == 0)
        #expect(fixture.storage.contacts.count == 1)
    }

    @Test("An unlinked identity without an email is signin.email_missing, its event carrying the method")
    func admitWithoutEmail() async throws {
        let fixture = Fixture()
        let asserted = AssertedIdentity(identity: Self.identity, method: .jwt, email: nil, name: "Grace")
        let result = try await fixture.service.admit(asserted, rule: .all, requestID: "req-3")
        #expect(result.outcome.rejectionCode == Reasons.emailMissing)
        #expect(fixture.storage.linkCalls == 0)
        #expect(fixture.storage.contacts.isEmpty)
        // Committed by the caller with the replay entry, so the refused value stays used.
        #expect(fixture.storage.audit.isEmpty)
        let event = result.event
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
        #expect(try await fixture.service.admit(asserted, rule: .all, requestID: "r").outcome.get().name == "grace@example.com")
    }

    @Test("An asserted name is stored trimmed, as registration stores names")
    func admitTrimsName() async throws {
        let fixture = Fixture()
        let asserted = AssertedIdentity(identity: Self.identity, method: .saml, email: EmailAddress("grace@example.com"), name: "  Grace Hopper\n")
        let contact = try await fixture.service.admit(asserted, rule: .all, requestID: "r").outcome.get()
        #expect(contact.name == "Grace Hopper")
    }

    @Test("An identity whose email matches an existing contact joins that contact")
    func admitExistingEmail() async throws {
        let fixture = Fixture()
        let ada = fixture.addAda()
        let asserted = AssertedIdentity(identity: Self.identity, method: .saml, email: EmailAddress("ada@example.com"), name: "Ada L.")
        #expect(try await fixture.service.admit(asserted, rule: .all, requestID: "r").outcome.get().id == ada.id)
        #expect(fixture.storage.contacts.count == 1)
    }

    @Test("Asserted identities pass the audience rule too; portal admins bypass it")
    func admitAudience() async throws {
        let fixture = Fixture()
        let asserted = AssertedIdentity(identity: Self.identity, method: .saml, email: EmailAddress("grace@example.com"), name: "Grace")
        let refused = try await fixture.service.admit(asserted, rule: .lists(["Customers"]), requestID: "r")
        #expect(refused.outcome.rejectionCode == Reasons.notInAudience)
        #expect(refused.event.reasonCode == Reasons.notInAudience)
        #expect(refused.event.method == .saml)

        let admin = fixture.storage.addContact(email: "root@example.com", isPortalAdmin: true)
        let adminIdentity = ExternalIdentity(kind: .jwt, issuer: "app-1", subject: "root")
        fixture.storage.link(adminIdentity, to: admin.id)
        let admitted = try await fixture.service.admit(
            AssertedIdentity(identity: adminIdentity, method: .jwt, email: nil, name: nil), rule: .lists(["Customers"]), requestID: "r")
        #expect(try admitted.outcome.get() == admin)
        #expect(admitted.event.kind == .login)
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
        #expect(try await fixture.signInWithDevice().get().event.reasonCode == nil)
        #expect(fixture.storage.audit.map(\.reasonCode) == expected)
        #expect(fixture.storage.audit.allSatisfy { $0.at == Self.now && $0.requestID == "req-1" })
    }

    // MARK: Guessing protection that strangers cannot turn into a lockout

    @Test("A stranger's failures throttle untrusted clients only: the owner's device still signs in")
    func strangerCannotLockOut() async throws {
        let fixture = Fixture()
        let ada = fixture.addAda()
        let device = try await fixture.signInWithDevice().get().deviceToken
        for attempt in 0..<3 {
            #expect(
                try await fixture.signIn("ada@example.com", "guess \(attempt)", address: "203.0.113.9").rejectionCode == Reasons.invalidCredentials)
        }
        #expect(try await fixture.signIn(address: "203.0.113.9").rejectionCode == Reasons.throttled)
        // The owner, elsewhere and on the trusted browser: no wait, and the same cookie comes back.
        let signedIn = try await fixture.signInWithDevice(address: "198.51.100.4", device: device).get()
        #expect(signedIn.contact == ada)
        #expect(signedIn.deviceToken == device)
        // Without the cookie the owner shares the strangers' class.
        #expect(try await fixture.signIn(address: "198.51.100.4").rejectionCode == Reasons.throttled)
    }

    @Test("A device cookie counts only for the account it signed in to, and a malformed one is ignored")
    func deviceBoundToAccount() async throws {
        let fixture = Fixture()
        fixture.addAda()
        fixture.storage.addContact(email: "eve@example.com", passwordHash: ReversiblePasswordHasher.hash(of: "eve's password!"))
        let eveDevice = try await fixture.signInWithDevice("eve@example.com", "eve's password!").get().deviceToken
        for attempt in 0..<3 { _ = try await fixture.signIn("ada@example.com", "guess \(attempt)", device: eveDevice) }
        #expect(try await fixture.signIn(device: eveDevice).rejectionCode == Reasons.throttled)
        #expect(try await fixture.signIn(device: "not a token").rejectionCode == Reasons.throttled)
    }

    @Test("Delays double after every failure past the free budget, and the right password works once the delay is over")
    func delaysDouble() async throws {
        let fixture = Fixture()
        fixture.addAda()
        for attempt in 0..<3 { _ = try await fixture.signIn("ada@example.com", "guess \(attempt)") }
        var waits: [Int?] = []
        for attempt in 0..<4 {
            let refused = try await fixture.signIn("ada@example.com", "later \(attempt)")
            waits.append(refused.rejection?.retryAfter)
            fixture.clock.advance(by: TimeInterval(refused.rejection?.retryAfter ?? 0))
            #expect(try await fixture.signIn("ada@example.com", "later \(attempt)").rejectionCode == Reasons.invalidCredentials)
        }
        #expect(waits == [1, 2, 4, 8])
        #expect(try await fixture.signIn().rejection?.retryAfter == 16)
        fixture.clock.advance(by: 16)
        _ = try await fixture.signIn().get()
        // Success cleared nothing that counted against the window, but the owner was let in.
        #expect(fixture.hasher.verifications.count == 3 + 4 + 1)
    }

    @Test("Failures leave the window: after it, an account starts with its free budget again")
    func windowExpires() async throws {
        let fixture = Fixture()
        fixture.addAda()
        for attempt in 0..<3 { _ = try await fixture.signIn("ada@example.com", "guess \(attempt)") }
        #expect(try await fixture.signIn().rejectionCode == Reasons.throttled)
        fixture.clock.advance(by: 901)
        _ = try await fixture.signIn().get()
    }

    @Test("One untrusted client address guessing across many accounts is throttled; other addresses are not")
    func credentialStuffing() async throws {
        let fixture = Fixture()
        fixture.addAda()
        for account in 0..<10 {
            #expect(
                try await fixture.signIn("user\(account)@example.com", "password!", address: "203.0.113.50").rejectionCode
                    == Reasons.invalidCredentials)
        }
        let refused = try await fixture.signIn(address: "203.0.113.50")
        #expect(refused.rejectionCode == Reasons.throttled)
        #expect(refused.rejection?.detail.contains("203.0.113.50") == true)
        _ = try await fixture.signIn(address: "198.51.100.1").get()
    }

    @Test("Fifty concurrent sign-ins with the right password all succeed: attempts in flight make others wait, never fail")
    func concurrentCorrectPasswords() async throws {
        var fixture = Fixture()
        fixture.hasher = ReversiblePasswordHasher(delay: .milliseconds(20))
        fixture.addAda()
        let service = fixture.service
        let outcomes = try await withThrowingTaskGroup(of: ReasonCode?.self) { group in
            for attempt in 0..<50 {
                group.addTask {
                    try await service.signIn(
                        email: "ada@example.com", password: SignInServiceTests.password, address: "192.0.2.\(attempt % 4)", deviceToken: nil,
                        rule: .all, requestID: "r"
                    ).map(\.contact).rejectionCode
                }
            }
            return try await group.reduce(into: [ReasonCode?]()) { $0.append($1) }
        }
        #expect(outcomes.count == 50)
        #expect(outcomes.allSatisfy { $0 == nil })
        #expect(fixture.hasher.verifications.count == 50)
    }

    @Test("Concurrent strangers' guesses stay within the budget while the owner's concurrent sign-ins all succeed")
    func concurrentMixed() async throws {
        var fixture = Fixture()
        fixture.hasher = ReversiblePasswordHasher(delay: .milliseconds(20))
        fixture.addAda()
        let device = try await fixture.signInWithDevice().get().deviceToken
        let service = fixture.service
        let results = try await withThrowingTaskGroup(of: (owner: Bool, code: ReasonCode?).self) { group in
            for attempt in 0..<40 {
                let owner = attempt.isMultiple(of: 2)
                group.addTask {
                    let code = try await service.signIn(
                        email: "ada@example.com", password: owner ? SignInServiceTests.password : "guess \(attempt)",
                        address: owner ? "198.51.100.1" : "203.0.113.\(attempt)", deviceToken: owner ? device : nil, rule: .all, requestID: "r"
                    ).map(\.contact).rejectionCode
                    return (owner, code)
                }
            }
            return try await group.reduce(into: [(owner: Bool, code: ReasonCode?)]()) { $0.append($1) }
        }
        #expect(results.filter(\.owner).allSatisfy { $0.code == nil })
        let strangers = results.filter { !$0.owner }
        #expect(strangers.filter { $0.code == Reasons.invalidCredentials }.count == 3)
        #expect(strangers.filter { $0.code == Reasons.throttled }.count == 17)
        #expect(fixture.hasher.verifications.filter { $0.password.hasPrefix("guess") }.count == 3)
    }

    // MARK: Password change

    @Test("Changing the password checks the current one, sets the new one and ends every other session")
    func changePassword() async throws {
        let fixture = Fixture()
        let ada = fixture.addAda()
        fixture.storage.addSession("this-session", for: ada.id)
        fixture.storage.addSession("phone", for: ada.id)
        let change = try await fixture.service.changePassword(
            of: ada, current: Self.password, new: "a brand new password", policy: PasswordPolicy(minimumLength: 10), address: "192.0.2.1",
            deviceToken: nil, keepingSession: "this-session", requestID: "req-c"
        ).get()
        #expect(change.contact.securityStamp == ada.securityStamp + 1)
        #expect(change.endedSessions == 1)
        #expect(fixture.storage.sessions(of: ada.id) == ["this-session"])
        #expect(fixture.storage.passwordHash(of: ada.id) == ReversiblePasswordHasher.hash(of: "a brand new password"))
        #expect(fixture.storage.audit.last?.kind == .security)
        #expect(fixture.storage.audit.last?.requestID == "req-c")
        #expect(try await fixture.signIn().rejectionCode == Reasons.invalidCredentials)
        _ = try await fixture.signIn("ada@example.com", "a brand new password").get()
    }

    @Test("A wrong current password is password.current_invalid, counted like a failed sign-in")
    func changePasswordWrongCurrent() async throws {
        let fixture = Fixture()
        let ada = fixture.addAda()
        func change(_ current: String) async throws -> ReasonCode? {
            try await fixture.service.changePassword(
                of: ada, current: current, new: "a brand new password", policy: PasswordPolicy(minimumLength: 10), address: "192.0.2.1",
                deviceToken: nil, keepingSession: nil, requestID: "r"
            ).rejectionCode
        }
        for attempt in 0..<3 { #expect(try await change("guess \(attempt)") == Reasons.currentPasswordInvalid) }
        #expect(try await change(Self.password) == Reasons.throttled)
        #expect(fixture.storage.passwordHash(of: ada.id) == ReversiblePasswordHasher.hash(of: Self.password))
        #expect(try await change("") == Reasons.currentPasswordInvalid)
    }

    @Test("Password changes from one client are limited like every form that hashes: request.rate_limited before the bcrypt")
    func changePasswordLimited() async throws {
        var fixture = Fixture()
        fixture.limits.passwordFormsPerClient = 2
        let ada = fixture.addAda()
        func change() async throws -> Rejection? {
            try await fixture.service.changePassword(
                of: ada, current: "not the password", new: "a brand new password", policy: PasswordPolicy(minimumLength: 10),
                address: "192.0.2.1", deviceToken: nil, keepingSession: nil, requestID: "r"
            ).rejection
        }
        #expect(try await change()?.code == Reasons.currentPasswordInvalid)
        #expect(try await change()?.code == Reasons.currentPasswordInvalid)
        let limited = try #require(try await change())
        #expect(limited.code == Reasons.rateLimited)
        #expect(limited.retryAfter == 900)
        #expect(fixture.hasher.verifications.count == 2)
    }

    @Test("A new password against the policy is refused before any hash runs; a stale session's change is session.expired")
    func changePasswordRefusals() async throws {
        let fixture = Fixture()
        let ada = fixture.addAda()
        let policy = PasswordPolicy(minimumLength: 10)
        #expect(
            try await fixture.service.changePassword(
                of: ada, current: Self.password, new: "short", policy: policy, address: "a", deviceToken: nil, keepingSession: nil, requestID: "r"
            ).rejectionCode == Reasons.passwordPolicy)
        #expect(fixture.hasher.verifications.isEmpty)
        // The account moved on (a reset elsewhere) after this session loaded it.
        fixture.storage.write { _ = $0.setPassword(ReversiblePasswordHasher.hash(of: Self.password), for: ada.id, at: Self.now, keepingSession: nil) }
        #expect(
            try await fixture.service.changePassword(
                of: ada, current: Self.password, new: "a brand new password", policy: policy, address: "a", deviceToken: nil, keepingSession: nil,
                requestID: "r"
            ).rejectionCode == Reasons.sessionExpired)
        #expect(fixture.storage.passwordHash(of: ada.id) == ReversiblePasswordHasher.hash(of: Self.password))
    }

    @Test("Linking a new identity to an unverified registration discards its password, bumps the stamp and voids its links")
    func linkVoidsPendingRegistration() async throws {
        let fixture = Fixture()
        let pending = fixture.storage.addContact(email: "grace@example.com", verified: false, passwordHash: "hash:squatter")
        fixture.storage.write {
            $0.tokens["d"] = .init(
                token: IssuedToken(
                    digest: "d", purpose: .registration, email: pending.email, contactID: pending.id, expiresAt: Self.now.addingTimeInterval(60),
                    createdAt: Self.now))
        }
        let asserted = AssertedIdentity(identity: Self.identity, method: .saml, email: pending.email, name: "Grace")
        let contact = try await fixture.service.admit(asserted, rule: .all, requestID: "r").outcome.get()
        #expect(contact.id == pending.id)
        #expect(contact.verified)
        #expect(contact.securityStamp == 1)
        #expect(fixture.storage.passwordHash(of: pending.id) == nil)
        #expect(fixture.storage.token(digest: "d")?.usedAt != nil)
    }
}

extension Result where Failure == Rejection {
    var rejection: Rejection? {
        if case .failure(let rejection) = self { return rejection }
        return nil
    }

    var rejectionCode: ReasonCode? { rejection?.code }
}
