import Foundation
import GatehouseCore
import GatehouseTestSupport
import Testing

@Suite struct RegistrationServiceTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let consent = ConsentNotice(
        required: true, notice: "We keep your name and email.", checkbox: "I accept the terms",
        links: [.init(title: "Privacy", url: "https://portal.example/privacy")])
    static let password = "long enough password"

    static func settings(selfRegistration: Bool = true, consent: ConsentNotice? = consent) -> RegistrationSettings {
        RegistrationSettings(
            selfRegistration: selfRegistration, consent: consent, passwordPolicy: PasswordPolicy(minimumLength: 10), tokenLifetime: 86_400,
            portalName: "Acme Portal", registrationEmail: .registration)
    }

    struct Fixture {
        let storage = InMemoryStorage()
        let hasher = ReversiblePasswordHasher()
        var settings = RegistrationServiceTests.settings()
        /// Generous by default, so that only the tests about limits meet them.
        var limits = AccountLimits(requestsPerAddress: 100, requestsPerClient: 100, emailsPerAddress: 100, passwordFormsPerClient: 100)

        /// The service as seen at `now` plus `offset` seconds.
        func service(after offset: TimeInterval = 0) -> RegistrationService {
            RegistrationService(
                contacts: InMemoryContactRepository(storage: storage), membership: InMemoryMembershipStore(storage: storage),
                requests: InMemoryAccountRequestQueue(storage: storage), rateLimits: InMemoryRateLimitStore(storage: storage),
                audit: InMemoryAuditLog(storage: storage), hasher: hasher, clock: FixedClock(RegistrationServiceTests.now.addingTimeInterval(offset)),
                settings: settings, limits: limits, link: { purpose, token in "https://portal.example/\(purpose.rawValue)?token=\(token)" })
        }

        /// The registration form's post only: what happens before the browser gets its answer.
        func submit(
            _ email: String = "ada@example.com", name: String = "Ada Lovelace", consent: Bool = true, client: String = "192.0.2.1",
            after offset: TimeInterval = 0
        ) async throws -> Result<Void, Rejection> {
            try await service(after: offset).register(email: email, name: name, consentAccepted: consent, client: client, requestID: "req-r")
        }

        /// The form's post, then the worker's pass over the queue.
        func register(
            _ email: String = "ada@example.com", name: String = "Ada Lovelace", consent: Bool = true, client: String = "192.0.2.1",
            after offset: TimeInterval = 0
        ) async throws -> Result<Void, Rejection> {
            let result = try await submit(email, name: name, consent: consent, client: client, after: offset)
            try await process(after: offset)
            return result
        }

        func requestReset(_ email: String = "ada@example.com", client: String = "192.0.2.1", after offset: TimeInterval = 0) async throws
            -> Result<Void, Rejection>
        {
            let result = try await service(after: offset).requestPasswordReset(email: email, client: client, requestID: "req-f")
            try await process(after: offset)
            return result
        }

        @discardableResult
        func process(after offset: TimeInterval = 0) async throws -> Int {
            try await service(after: offset).processor.processDue()
        }

        func confirm(_ token: String, password: String = RegistrationServiceTests.password, after offset: TimeInterval = 60) async throws
            -> Result<CredentialChange, Rejection>
        {
            try await service(after: offset).confirmRegistration(
                token: token, password: password, client: "192.0.2.1", keepingSession: nil, requestID: "req-v")
        }

        func reset(_ token: String, password: String = "brand new password", after offset: TimeInterval = 30, keepingSession: String? = nil)
            async throws -> Result<CredentialChange, Rejection>
        {
            try await service(after: offset).resetPassword(
                token: token, password: password, client: "192.0.2.1", keepingSession: keepingSession, requestID: "req-p")
        }

        func accept(_ token: String, name: String = "Grace", password: String = RegistrationServiceTests.password, consent: Bool = true)
            async throws -> Result<CredentialChange, Rejection>
        {
            try await service().acceptInvitation(
                token: token, name: name, password: password, consentAccepted: consent, client: "192.0.2.1", keepingSession: nil, requestID: "req-i")
        }

        /// The token in the link of the newest email to `recipient`.
        func lastToken(to recipient: String) throws -> (purpose: String, token: String) {
            let message = try #require(storage.outbox.last { $0.recipient.value == recipient })
            let url = try #require(message.body.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("https://portal.example/") })
            let parts = url.dropFirst("https://portal.example/".count).split(separator: "?token=")
            try #require(parts.count == 2)
            return (String(parts[0]), String(parts[1]))
        }

        var nothingWritten: Bool {
            storage.read {
                $0.contacts.isEmpty && $0.outbox.isEmpty && $0.tokens.isEmpty && $0.consents.isEmpty && $0.audit.isEmpty && $0.requests.isEmpty
                    && $0.rateEvents.isEmpty
            } && hasher.hashed.isEmpty
        }
    }

    // MARK: Refusals

    @Test("Registration is refused when self-registration is off, before anything else is checked or written")
    func closed() async throws {
        var fixture = Fixture()
        fixture.settings = Self.settings(selfRegistration: false)
        #expect(try await fixture.register().rejectionCode == Reasons.registrationClosed)
        #expect(try await fixture.register("bad", name: "", consent: false).rejectionCode == Reasons.registrationClosed)
        #expect(fixture.nothingWritten)
    }

    @Test(
        "An invalid email is register.email_invalid",
        arguments: ["", "ada", "ada@example", "ada@example.com\nBcc: x@example.com", "<ada@example.com>"])
    func invalidEmail(_ email: String) async throws {
        let fixture = Fixture()
        #expect(try await fixture.register(email).rejectionCode == Reasons.emailInvalid)
        #expect(fixture.nothingWritten)
    }

    @Test(
        "An empty, overlong or control-character name is register.name_invalid",
        arguments: [
            "", "   ", "\n\t", String(repeating: "n", count: 101), "Ada\u{0}", "Ada\nBcc: x@example.com", "Ada\u{85}Lovelace", "\u{1B}[31mAda",
        ])
    func invalidName(_ name: String) async throws {
        let fixture = Fixture()
        #expect(try await fixture.register(name: name).rejectionCode == Reasons.nameInvalid)
        #expect(fixture.nothingWritten)
    }

    @Test("A name of 100 characters is accepted, and names are trimmed")
    func nameBoundary() async throws {
        let fixture = Fixture()
        _ = try await fixture.register(name: String(repeating: "é", count: 100)).get()
        _ = try await fixture.register("grace@example.com", name: "  Grace Hopper \n").get()
        #expect(fixture.storage.contacts.map(\.name) == [String(repeating: "é", count: 100), "Grace Hopper"])
    }

    @Test("A required consent that is not ticked is register.consent_required")
    func consentRequired() async throws {
        let fixture = Fixture()
        #expect(try await fixture.register(consent: false).rejectionCode == Reasons.consentRequired)
        #expect(fixture.nothingWritten)
    }

    @Test("Without a required consent the box need not be ticked, and no consent is recorded when none is configured")
    func consentOptional() async throws {
        var optional = Fixture()
        var notice = Self.consent
        notice.required = false
        optional.settings = Self.settings(consent: notice)
        _ = try await optional.register(consent: false).get()
        #expect(optional.storage.consents.map(\.accepted) == [false])
        #expect(optional.storage.consents.map(\.textVersion) == [notice.version])

        var none = Fixture()
        none.settings = Self.settings(consent: nil)
        _ = try await none.register(consent: false).get()
        #expect(none.storage.consents.isEmpty)
    }

    // MARK: What the answer costs

    @Test("The form's answer only queues the request: no contact, token, email or hash exists before the worker runs")
    func answerOnlyQueues() async throws {
        let fixture = Fixture()
        fixture.storage.addContact(email: "known@example.com", passwordHash: ReversiblePasswordHasher.hash(of: "original password"))
        for email in ["ada@example.com", "known@example.com"] {
            _ = try await fixture.submit(email).get()
        }
        #expect(fixture.storage.requests.map(\.request.email.value) == ["ada@example.com", "known@example.com"])
        #expect(fixture.storage.contacts.count == 1)
        #expect(fixture.storage.outbox.isEmpty)
        #expect(fixture.storage.read(\.tokens).isEmpty)
        #expect(fixture.hasher.hashed.isEmpty)
        #expect(try await fixture.process() == 2)
        #expect(fixture.storage.outbox.map(\.recipient.value) == ["ada@example.com", "known@example.com"])
    }

    @Test("Known, unverified and unknown addresses cost the same writes at answer time: one request, one count per bucket")
    func sameCostWhateverTheAddress() async throws {
        let fixture = Fixture()
        fixture.storage.addContact(email: "known@example.com")
        fixture.storage.addContact(email: "pending@example.com", verified: false)
        var shapes: [[Int]] = []
        for email in ["known@example.com", "pending@example.com", "ghost@example.com"] {
            let before = fixture.storage.read { ($0.requests.count, $0.rateEvents.values.map(\.count).reduce(0, +)) }
            _ = try await fixture.submit(email).get()
            _ = try await fixture.service().requestPasswordReset(email: email, client: "192.0.2.1", requestID: "r").get()
            let after = fixture.storage.read { ($0.requests.count, $0.rateEvents.values.map(\.count).reduce(0, +)) }
            shapes.append([after.0 - before.0, after.1 - before.1])
        }
        #expect(shapes == [[2, 4], [2, 4], [2, 4]])
        #expect(fixture.storage.outbox.isEmpty)
    }

    // MARK: New registrations

    @Test("A new address gets an unverified contact without a password, its consent, a token and a confirmation email")
    func newRegistration() async throws {
        let fixture = Fixture()
        _ = try await fixture.register(" Ada@Example.com ").get()

        let contact = try #require(fixture.storage.contacts.first)
        #expect(fixture.storage.contacts.count == 1)
        #expect(contact.email.value == "ada@example.com")
        #expect(contact.name == "Ada Lovelace")
        #expect(!contact.verified)
        #expect(fixture.storage.passwordHash(of: contact.id) == nil)
        #expect(fixture.hasher.hashed.isEmpty)
        #expect(
            fixture.storage.consents == [
                ConsentRecord(contactID: contact.id, textVersion: Self.consent.version, accepted: true, recordedAt: Self.now)
            ])

        let message = try #require(fixture.storage.outbox.first)
        #expect(fixture.storage.outbox.count == 1)
        #expect(message.recipient.value == "ada@example.com")
        #expect(message.subject == "Confirm your Acme Portal account")
        #expect(message.body.contains("Hello Ada Lovelace,"))
        #expect(message.body.contains("choose your password"))
        let link = try fixture.lastToken(to: "ada@example.com")
        #expect(link.purpose == "registration")
        let stored = try #require(fixture.storage.token(digest: OneTimeToken.digest(of: link.token)))
        #expect(stored.token.purpose == .registration)
        #expect(stored.token.contactID == contact.id)
        #expect(stored.token.passwordHash == nil)
        #expect(stored.token.securityStamp == contact.securityStamp)
        #expect(stored.token.expiresAt == Self.now.addingTimeInterval(86_400))
        #expect(fixture.storage.read { $0.tokens[link.token] } == nil, "only the digest is stored")

        #expect(fixture.storage.audit.map(\.kind) == [.registration])
        #expect(fixture.storage.audit.first?.requestID == "req-r")
        #expect(fixture.storage.requests.first?.outcome == "registration: confirmation link sent")
    }

    @Test("The confirmation link's form sets the password once and verifies the contact; a second use is token.invalid")
    func confirmOnce() async throws {
        let fixture = Fixture()
        _ = try await fixture.register().get()
        let token = try fixture.lastToken(to: "ada@example.com").token
        #expect(try await fixture.service().isUsable(token: token, purpose: .registration))
        let change = try await fixture.confirm(token).get()
        #expect(change.contact.verified)
        #expect(change.contact.securityStamp == 1)
        #expect(fixture.storage.passwordHash(of: change.contact.id) == ReversiblePasswordHasher.hash(of: Self.password))
        #expect(fixture.storage.audit.last?.kind == .security)
        #expect(fixture.storage.audit.last?.detail.hasPrefix("registration confirmed") == true)
        #expect(fixture.storage.audit.last?.requestID == "req-v")

        #expect(try await fixture.confirm(token, password: "another long password", after: 61).rejectionCode == Reasons.tokenInvalid)
        #expect(!(try await fixture.service().isUsable(token: token, purpose: .registration)))
        #expect(fixture.storage.passwordHash(of: change.contact.id) == ReversiblePasswordHasher.hash(of: Self.password))
    }

    @Test(
        "A password the policy refuses is register.password_policy, before any hash, and the link stays usable",
        arguments: ["short", "123456789", String(repeating: "a", count: 73), "ADA@example.com", String(repeating: "€", count: 25)])
    func confirmPolicy(_ password: String) async throws {
        let fixture = Fixture()
        _ = try await fixture.register().get()
        let token = try fixture.lastToken(to: "ada@example.com").token
        let rejection = try #require(try await fixture.confirm(token, password: password).rejection)
        #expect(rejection.code == Reasons.passwordPolicy)
        #expect(!rejection.detail.contains(password))
        #expect(fixture.hasher.hashed.isEmpty)
        _ = try await fixture.confirm(token).get()
    }

    @Test("Unknown, altered, empty and expired tokens are token.invalid and verify nobody")
    func confirmInvalid() async throws {
        let fixture = Fixture()
        _ = try await fixture.register().get()
        let token = try fixture.lastToken(to: "ada@example.com").token
        for presented in ["", "nonsense", String(token.dropLast()), token + "A", token.uppercased(), OneTimeToken.digest(of: token)] {
            #expect(try await fixture.confirm(presented).rejectionCode == Reasons.tokenInvalid)
        }
        #expect(try await fixture.confirm(token, after: 86_400).rejectionCode == Reasons.tokenInvalid)
        #expect(fixture.storage.contacts.first?.verified == false)
        #expect(fixture.hasher.hashed.isEmpty)
        #expect(try await fixture.confirm(token, after: 86_399).rejectionCode == nil)
    }

    @Test("Registering a still unverified address again sends a new link; using either one voids the other")
    func reRegisterUnverified() async throws {
        let fixture = Fixture()
        _ = try await fixture.register().get()
        let first = try fixture.lastToken(to: "ada@example.com").token
        _ = try await fixture.register(name: "Ada King").get()
        let second = try fixture.lastToken(to: "ada@example.com").token
        #expect(first != second)
        #expect(fixture.storage.contacts.count == 1)
        _ = try await fixture.confirm(second).get()
        #expect(fixture.storage.contacts.first?.name == "Ada King")
        #expect(try await fixture.confirm(first, after: 61).rejectionCode == Reasons.tokenInvalid)
    }

    @Test("Pre-registration takeover: whoever registers a victim's address first never holds a working password")
    func preRegistrationTakeover() async throws {
        let fixture = Fixture()
        // Mallory registers ada@ before Ada does: the form has no password, the link goes to Ada's mailbox.
        _ = try await fixture.register(name: "Mallory", client: "203.0.113.66").get()
        let squatted = try #require(fixture.storage.contacts.first)
        #expect(fixture.storage.passwordHash(of: squatted.id) == nil)
        // Ada registers herself later and confirms with her own link.
        _ = try await fixture.register(name: "Ada Lovelace", after: 600).get()
        let adas = try fixture.lastToken(to: "ada@example.com").token
        let change = try await fixture.confirm(adas, after: 660).get()
        #expect(change.contact.id == squatted.id)
        #expect(change.contact.name == "Ada Lovelace")
        #expect(change.voidedTokens == 1, "the link of Mallory's registration is void")
        #expect(fixture.storage.passwordHash(of: squatted.id) == ReversiblePasswordHasher.hash(of: Self.password))
    }

    @Test("A known verified address gets the same answer, but an 'already registered' email with a reset link")
    func knownAddress() async throws {
        let fixture = Fixture()
        let ada = fixture.storage.addContact(
            email: "ada@example.com", name: "Ada", passwordHash: ReversiblePasswordHasher.hash(of: "original password"))
        _ = try await fixture.register("ADA@example.com", name: "Mallory").get()

        #expect(fixture.storage.contacts == [ada])
        #expect(fixture.storage.passwordHash(of: ada.id) == ReversiblePasswordHasher.hash(of: "original password"))
        #expect(fixture.storage.consents.isEmpty)
        let message = try #require(fixture.storage.outbox.first)
        #expect(fixture.storage.outbox.count == 1)
        #expect(message.recipient == ada.email)
        #expect(message.subject == "Your Acme Portal account")
        #expect(message.body.contains("Hello Ada,"))
        #expect(!message.body.contains("Mallory"))
        let link = try fixture.lastToken(to: "ada@example.com")
        #expect(link.purpose == "password_reset")
        let stored = try #require(fixture.storage.token(digest: OneTimeToken.digest(of: link.token)))
        #expect(stored.token.purpose == .passwordReset)
        #expect(stored.token.expiresAt <= Self.now.addingTimeInterval(3600))
        #expect(fixture.storage.audit.map(\.kind) == [.registration])
    }

    @Test("A registration token is not a password-reset token")
    func registrationTokenCannotReset() async throws {
        let fixture = Fixture()
        _ = try await fixture.register().get()
        let token = try fixture.lastToken(to: "ada@example.com").token
        #expect(try await fixture.reset(token).rejectionCode == Reasons.tokenInvalid)
        #expect(fixture.storage.passwordHash(of: 1) == nil)
    }

    // MARK: Password reset

    @Test("A reset request for a known address sends one reset email, valid for at most an hour")
    func requestReset() async throws {
        var fixture = Fixture()
        fixture.settings.tokenLifetime = 86_400
        let ada = fixture.storage.addContact(email: "ada@example.com", name: "Ada", passwordHash: "hash:old")
        _ = try await fixture.requestReset(" ADA@example.com").get()
        let message = try #require(fixture.storage.outbox.first)
        #expect(fixture.storage.outbox.count == 1)
        #expect(message.recipient == ada.email)
        #expect(message.subject == "Reset your Acme Portal password")
        let link = try fixture.lastToken(to: "ada@example.com")
        #expect(link.purpose == "password_reset")
        let stored = try #require(fixture.storage.token(digest: OneTimeToken.digest(of: link.token)))
        #expect(stored.token.expiresAt == Self.now.addingTimeInterval(3600))
        #expect(stored.token.contactID == ada.id)
        #expect(stored.token.securityStamp == ada.securityStamp)
    }

    @Test("A shorter configured token lifetime also shortens reset links")
    func resetLifetimeShort() async throws {
        var fixture = Fixture()
        fixture.settings.tokenLifetime = 600
        fixture.storage.addContact(email: "ada@example.com")
        _ = try await fixture.requestReset().get()
        let link = try fixture.lastToken(to: "ada@example.com")
        #expect(fixture.storage.token(digest: OneTimeToken.digest(of: link.token))?.token.expiresAt == Self.now.addingTimeInterval(600))
    }

    @Test("Reset requests for unknown or malformed addresses send nothing and answer the same", arguments: ["ghost@example.com", "not an email", ""])
    func requestResetUnknown(_ email: String) async throws {
        let fixture = Fixture()
        fixture.storage.addContact(email: "ada@example.com")
        _ = try await fixture.requestReset(email).get()
        #expect(fixture.storage.outbox.isEmpty)
        #expect(fixture.storage.read(\.tokens).isEmpty)
    }

    @Test("The reset link sets the new password once, verifies the contact, ends every session, and is then token.invalid")
    func resetPassword() async throws {
        let fixture = Fixture()
        let ada = fixture.storage.addContact(email: "ada@example.com", verified: false, passwordHash: "hash:old")
        fixture.storage.addSession("attacker's session", for: ada.id)
        fixture.storage.addSession("laptop", for: ada.id)
        _ = try await fixture.requestReset().get()
        let token = try fixture.lastToken(to: "ada@example.com").token

        let change = try await fixture.reset(token).get()
        #expect(change.contact.id == ada.id)
        #expect(change.contact.verified)
        #expect(change.endedSessions == 2)
        #expect(fixture.storage.sessions(of: ada.id).isEmpty)
        #expect(fixture.storage.passwordHash(of: ada.id) == ReversiblePasswordHasher.hash(of: "brand new password"))
        #expect(fixture.storage.audit.last?.detail.hasPrefix("password reset") == true)
        #expect(fixture.storage.audit.last?.requestID == "req-p")

        #expect(try await fixture.reset(token, password: "yet another password", after: 40).rejectionCode == Reasons.tokenInvalid)
        #expect(fixture.storage.passwordHash(of: ada.id) == ReversiblePasswordHasher.hash(of: "brand new password"))
    }

    @Test("A reset used from a signed-in browser keeps that browser's session and ends the others")
    func resetKeepsOwnSession() async throws {
        let fixture = Fixture()
        let ada = fixture.storage.addContact(email: "ada@example.com", passwordHash: "hash:old")
        fixture.storage.addSession("mine", for: ada.id)
        fixture.storage.addSession("stolen", for: ada.id)
        _ = try await fixture.requestReset().get()
        let change = try await fixture.reset(try fixture.lastToken(to: "ada@example.com").token, keepingSession: "mine").get()
        #expect(change.endedSessions == 1)
        #expect(fixture.storage.sessions(of: ada.id) == ["mine"])
    }

    @Test("Using one reset link voids every other link the account was sent")
    func resetVoidsOlderLinks() async throws {
        let fixture = Fixture()
        fixture.storage.addContact(email: "ada@example.com", passwordHash: "hash:old")
        _ = try await fixture.requestReset().get()
        let older = try fixture.lastToken(to: "ada@example.com").token
        _ = try await fixture.requestReset(after: 10).get()
        let newer = try fixture.lastToken(to: "ada@example.com").token
        #expect(older != newer)
        _ = try await fixture.reset(newer).get()
        #expect(try await fixture.reset(older, password: "attacker's password", after: 31).rejectionCode == Reasons.tokenInvalid)
        #expect(fixture.storage.passwordHash(of: 1) == ReversiblePasswordHasher.hash(of: "brand new password"))
    }

    @Test("A reset link stops working once the password was changed another way (its stamp moved on)")
    func resetOutlivedByChange() async throws {
        let fixture = Fixture()
        let ada = fixture.storage.addContact(email: "ada@example.com", passwordHash: "hash:old")
        _ = try await fixture.requestReset().get()
        let token = try fixture.lastToken(to: "ada@example.com").token
        _ = try await InMemoryMembershipStore(storage: fixture.storage).changePassword(
            contactID: ada.id, expectedStamp: 0, newPasswordHash: "hash:changed", at: Self.now, keepingSession: nil)
        #expect(!(try await fixture.service().isUsable(token: token, purpose: .passwordReset)))
        #expect(try await fixture.reset(token).rejectionCode == Reasons.tokenInvalid)
        #expect(fixture.storage.passwordHash(of: ada.id) == "hash:changed")
    }

    @Test("An expired reset token is token.invalid")
    func resetExpired() async throws {
        let fixture = Fixture()
        fixture.storage.addContact(email: "ada@example.com", passwordHash: "hash:old")
        _ = try await fixture.requestReset().get()
        let token = try fixture.lastToken(to: "ada@example.com").token
        #expect(try await fixture.reset(token, after: 3600).rejectionCode == Reasons.tokenInvalid)
        #expect(fixture.storage.passwordHash(of: 1) == "hash:old")
    }

    @Test("A reset to a password the policy refuses (including the email address) is register.password_policy and leaves the token usable")
    func resetPolicy() async throws {
        let fixture = Fixture()
        fixture.storage.addContact(email: "ada.lovelace@example.com", passwordHash: "hash:old")
        _ = try await fixture.requestReset("ada.lovelace@example.com").get()
        let token = try fixture.lastToken(to: "ada.lovelace@example.com").token
        for password in ["short", String(repeating: "x", count: 73), "ada.lovelace@example.com"] {
            #expect(try await fixture.reset(token, password: password).rejectionCode == Reasons.passwordPolicy)
        }
        #expect(fixture.hasher.hashed.isEmpty)
        _ = try await fixture.reset(token).get()
    }

    // MARK: Limits

    @Test("Requests naming one address are limited per hour, whoever sends them; the refusal says when to retry")
    func requestsPerAddress() async throws {
        var fixture = Fixture()
        fixture.limits.requestsPerAddress = 3
        for attempt in 0..<3 {
            _ = try await fixture.submit(client: "198.51.100.\(attempt)", after: TimeInterval(attempt * 60)).get()
        }
        let refused = try #require(try await fixture.submit(client: "198.51.100.200", after: 600).rejection)
        #expect(refused.code == Reasons.rateLimited)
        #expect(refused.retryAfter == 3000)
        #expect(fixture.storage.audit.last?.reasonCode == Reasons.rateLimited)
        #expect(fixture.storage.audit.last?.kind == .security)
        // Resets share the budget; other addresses do not.
        #expect(
            try await fixture.service(after: 600).requestPasswordReset(email: "ada@example.com", client: "x", requestID: "r").rejectionCode
                == Reasons.rateLimited)
        _ = try await fixture.submit("grace@example.com", after: 600).get()
        // The oldest request leaves the window an hour after it was made.
        _ = try await fixture.submit(after: 3600).get()
        #expect(fixture.storage.requests.count == 5)
    }

    @Test("Requests from one client are limited across addresses, known or not")
    func requestsPerClient() async throws {
        var fixture = Fixture()
        fixture.limits.requestsPerClient = 4
        fixture.storage.addContact(email: "known@example.com")
        for email in ["a@example.com", "known@example.com", "b@example.com", "c@example.com"] {
            _ = try await fixture.submit(email, client: "203.0.113.7").get()
        }
        #expect(try await fixture.submit("d@example.com", client: "203.0.113.7").rejectionCode == Reasons.rateLimited)
        #expect(try await fixture.submit("known@example.com", client: "203.0.113.7").rejectionCode == Reasons.rateLimited)
        _ = try await fixture.submit("d@example.com", client: "203.0.113.8").get()
    }

    @Test("No address gets more account emails an hour than the cap, whatever mix of requests and invitations asks")
    func emailCap() async throws {
        var fixture = Fixture()
        fixture.limits.emailsPerAddress = 3
        let list = fixture.storage.addList(named: "Partners")
        fixture.storage.addContact(email: "ada@example.com")
        _ = try await fixture.register().get()
        _ = try await fixture.requestReset(after: 1).get()
        #expect(try await fixture.service(after: 2).invite(email: EmailAddress("ada@example.com")!, to: list) != nil)
        _ = try await fixture.requestReset(after: 3).get()
        #expect(try await fixture.service(after: 4).invite(email: EmailAddress("ada@example.com")!, to: list) == nil)
        #expect(fixture.storage.outbox.count == 3)
        #expect(fixture.storage.requests.last?.outcome?.hasPrefix("nothing sent") == true)
        #expect(fixture.storage.audit.last?.detail.contains("email cap") == true)
        _ = try await fixture.requestReset(after: 3601).get()
        #expect(fixture.storage.outbox.count == 4)
    }

    @Test("Password forms that would run a hash are limited per client, before the hash, and the link keeps working")
    func passwordFormsPerClient() async throws {
        var fixture = Fixture()
        fixture.limits.passwordFormsPerClient = 2
        var tokens: [String] = []
        for name in ["ada", "grace", "alan"] {
            fixture.storage.addContact(email: "\(name)@example.com", passwordHash: "hash:old")
            _ = try await fixture.requestReset("\(name)@example.com").get()
            tokens.append(try fixture.lastToken(to: "\(name)@example.com").token)
        }
        // Refusals that cost no hash (a dead link, a weak password) are not counted.
        #expect(try await fixture.reset("nonsense").rejectionCode == Reasons.tokenInvalid)
        #expect(try await fixture.reset(tokens[0], password: "short").rejectionCode == Reasons.passwordPolicy)
        _ = try await fixture.reset(tokens[0]).get()
        _ = try await fixture.reset(tokens[1]).get()
        let refused = try #require(try await fixture.reset(tokens[2]).rejection)
        #expect(refused.code == Reasons.rateLimited)
        #expect(refused.retryAfter == 900)
        #expect(fixture.hasher.hashed.count == 2)
        _ = try await fixture.reset(tokens[2], after: 30 + 900).get()
    }

    // MARK: The worker

    @Test("Each queued request is acted on once; a request a crashed worker held is taken over after its lease")
    func workerLeases() async throws {
        let fixture = Fixture()
        _ = try await fixture.submit().get()
        // A worker claimed it and died before completing it.
        let claimed = try await InMemoryAccountRequestQueue(storage: fixture.storage).claim(
            limit: 10, leaseUntil: Self.now.addingTimeInterval(10), now: Self.now)
        #expect(claimed.count == 1)
        #expect(try await fixture.process(after: 5) == 0)
        #expect(try await fixture.process(after: 11) == 1)
        #expect(try await fixture.process(after: 200) == 0)
        #expect(fixture.storage.outbox.count == 1)
    }

    @Test("A request is marked done by the write that sends its email, so a worker acting on it again sends nothing")
    func workerExactlyOnce() async throws {
        let fixture = Fixture()
        _ = try await fixture.submit().get()
        let request = try #require(fixture.storage.requests.first?.request)
        #expect(try await fixture.process() == 1)
        #expect(fixture.storage.requests.first?.outcome == "registration: confirmation link sent")
        // A slow worker whose lease ran out writes the same request's email: refused, nothing written.
        let text = EmailTemplate.registration.render(name: "Ada", link: "https://portal.example/x", portal: "Acme Portal")
        await #expect(throws: StoreError.alreadyDone("account request \(request.id!)")) {
            try await InMemoryMembershipStore(storage: fixture.storage).registerPending(
                PendingRegistration(
                    email: request.email, name: request.name, consentVersion: nil, consentAccepted: true, tokenDigest: "late",
                    tokenExpiresAt: Self.now.addingTimeInterval(60),
                    message: OutboxMessage(recipient: request.email, subject: text.subject, body: text.body, createdAt: Self.now), at: Self.now),
                emailCap: 5, completing: AccountRequestCompletion(id: request.id!, outcome: "again", at: Self.now))
        }
        #expect(fixture.storage.outbox.count == 1)
        #expect(fixture.storage.token(digest: "late") == nil)
    }

    @Test("Requests that could not be acted on within a day are given up without sending")
    func workerGivesUp() async throws {
        let fixture = Fixture()
        _ = try await fixture.submit().get()
        #expect(try await fixture.process(after: 86_401) == 1)
        #expect(fixture.storage.outbox.isEmpty)
        #expect(fixture.storage.requests.first?.outcome?.hasPrefix("given up") == true)
    }

    // MARK: Invitations

    @Test("An invitation queues an email with a week-long invitation link for the list and returns the link")
    func invite() async throws {
        let fixture = Fixture()
        let list = fixture.storage.addList(named: "Partners")
        let email = try #require(EmailAddress("grace@example.com"))
        let link = try await fixture.service().invite(email: email, to: list)
        let sent = try fixture.lastToken(to: "grace@example.com")
        #expect(link == "https://portal.example/invitation?token=\(sent.token)")
        let message = try #require(fixture.storage.outbox.first)
        #expect(message.subject == "You are invited to Acme Portal")
        let stored = try #require(fixture.storage.token(digest: OneTimeToken.digest(of: sent.token)))
        #expect(stored.token.purpose == .invitation)
        #expect(stored.token.listID == list.id)
        #expect(stored.token.contactID == nil)
        #expect(stored.token.expiresAt == Self.now.addingTimeInterval(7 * 86_400))
        #expect(fixture.storage.audit.map(\.kind) == [.admin])
        #expect(fixture.storage.audit.first?.detail.contains("Partners") == true)
        #expect(fixture.storage.audit.first?.detail.contains(sent.token) == false)
    }

    @Test("Inviting a known contact records its id and stamp on the token")
    func inviteKnown() async throws {
        let fixture = Fixture()
        let list = fixture.storage.addList(named: "Partners")
        let grace = fixture.storage.addContact(email: "grace@example.com", verified: false)
        try await fixture.service().invite(email: grace.email, to: list)
        let token = try fixture.lastToken(to: "grace@example.com").token
        #expect(fixture.storage.token(digest: OneTimeToken.digest(of: token))?.token.contactID == grace.id)
        #expect(fixture.storage.token(digest: OneTimeToken.digest(of: token))?.token.securityStamp == grace.securityStamp)
    }

    @Test("Accepting an invitation creates a verified member with password and consent; the link then is token.invalid")
    func acceptInvitation() async throws {
        let fixture = Fixture()
        let list = fixture.storage.addList(named: "Partners")
        try await fixture.service().invite(email: EmailAddress("grace@example.com")!, to: list)
        let token = try fixture.lastToken(to: "grace@example.com").token

        let contact = try await fixture.accept(token, name: " Grace Hopper ").get().contact
        #expect(contact.email.value == "grace@example.com")
        #expect(contact.name == "Grace Hopper")
        #expect(contact.verified)
        #expect(fixture.storage.members(of: list.id) == [contact.id])
        #expect(fixture.storage.passwordHash(of: contact.id) == ReversiblePasswordHasher.hash(of: Self.password))
        #expect(fixture.storage.consents.map(\.textVersion) == [Self.consent.version])
        #expect(fixture.storage.audit.last?.detail.hasPrefix("invitation accepted") == true)
        #expect(fixture.storage.audit.last?.requestID == "req-i")

        #expect(try await fixture.accept(token, name: "Mallory", password: "attacker password").rejectionCode == Reasons.tokenInvalid)
        #expect(fixture.storage.passwordHash(of: contact.id) == ReversiblePasswordHasher.hash(of: Self.password))
    }

    @Test("Invitation acceptance checks name, consent and password (not the email address) before consuming the token")
    func acceptInvitationRefusals() async throws {
        let fixture = Fixture()
        let list = fixture.storage.addList(named: "Partners")
        try await fixture.service().invite(email: EmailAddress("grace.hopper@example.com")!, to: list)
        let token = try fixture.lastToken(to: "grace.hopper@example.com").token
        #expect(try await fixture.accept(token, name: " ").rejectionCode == Reasons.nameInvalid)
        #expect(try await fixture.accept(token, consent: false).rejectionCode == Reasons.consentRequired)
        #expect(try await fixture.accept(token, password: "short").rejectionCode == Reasons.passwordPolicy)
        #expect(try await fixture.accept(token, password: "Grace.Hopper@example.com").rejectionCode == Reasons.passwordPolicy)
        #expect(fixture.storage.contacts.isEmpty)
        _ = try await fixture.accept(token).get()
    }

    @Test("Unknown and expired invitations are token.invalid; a registration token is not an invitation")
    func acceptInvitationInvalid() async throws {
        let fixture = Fixture()
        let list = fixture.storage.addList(named: "Partners")
        try await fixture.service().invite(email: EmailAddress("grace@example.com")!, to: list)
        let invitation = try fixture.lastToken(to: "grace@example.com").token
        _ = try await fixture.register().get()
        let registration = try fixture.lastToken(to: "ada@example.com").token
        func accept(_ token: String, after offset: TimeInterval) async throws -> ReasonCode? {
            try await fixture.service(after: offset).acceptInvitation(
                token: token, name: "Grace", password: Self.password, consentAccepted: true, client: "c", keepingSession: nil, requestID: "r"
            ).rejectionCode
        }
        #expect(try await accept("nonsense", after: 0) == Reasons.tokenInvalid)
        #expect(try await accept(registration, after: 0) == Reasons.tokenInvalid)
        #expect(try await accept(invitation, after: 7 * 86_400) == Reasons.tokenInvalid)
        #expect(fixture.storage.members(of: list.id).isEmpty)
    }

    @Test("Accepting an invitation for an unverified contact verifies that contact instead of creating another")
    func acceptInvitationExisting() async throws {
        let fixture = Fixture()
        let list = fixture.storage.addList(named: "Partners")
        _ = try await fixture.register("grace@example.com", name: "Grace").get()
        try await fixture.service().invite(email: EmailAddress("grace@example.com")!, to: list)
        let token = try fixture.lastToken(to: "grace@example.com").token
        let contact = try await fixture.accept(token, name: "Grace H", password: "invited password").get().contact
        #expect(fixture.storage.contacts.count == 1)
        #expect(contact.verified)
        #expect(fixture.storage.passwordHash(of: contact.id) == ReversiblePasswordHasher.hash(of: "invited password"))
        #expect(fixture.storage.members(of: list.id) == [contact.id])
    }

    @Test("Account emails come in the language of the page they were asked from; a configured template is used in every language")
    func accountEmailLanguage() async throws {
        let fixture = Fixture()
        for (email, language) in [("fi@example.com", "fi"), ("de@example.com", "de"), ("xx@example.com", "xx"), ("none@example.com", nil)] {
            _ = try await fixture.service().register(
                email: email, name: "Ada", consentAccepted: true, client: "192.0.2.1", requestID: "req-\(email)", language: language)
        }
        try await fixture.process()
        let byRecipient = Dictionary(uniqueKeysWithValues: fixture.storage.outbox.map { ($0.recipient.value, $0) })
        #expect(byRecipient["fi@example.com"]?.subject == "Vahvista Acme Portal-tilisi" && byRecipient["fi@example.com"]?.language == "fi")
        #expect(byRecipient["de@example.com"]?.subject == "Bestätigen Sie Ihr Acme Portal-Konto" && byRecipient["de@example.com"]?.language == "de")
        #expect(byRecipient["xx@example.com"]?.subject == "Confirm your Acme Portal account" && byRecipient["xx@example.com"]?.language == "en")
        #expect(byRecipient["none@example.com"]?.language == "en")
        for message in fixture.storage.outbox { #expect(message.body.contains("https://portal.example/registration?token=")) }
        _ = try await fixture.service().requestPasswordReset(email: "fi@example.com", client: "192.0.2.1", requestID: "r", language: "de")
        try await fixture.process()
        #expect(fixture.storage.outbox.last?.subject == "Ihr Acme Portal-Passwort zurücksetzen", "the page's language, not an earlier one")

        var custom = Fixture()
        custom.settings.registrationEmail = EmailTemplate(subject: "Welcome to {{portal}}", body: "Open {{link}}")
        _ = try await custom.service().register(
            email: "fi@example.com", name: "Ada", consentAccepted: true, client: "192.0.2.1", requestID: "r", language: "fi")
        try await custom.process()
        #expect(custom.storage.outbox.last?.subject == "Welcome to Acme Portal")
        #expect(custom.storage.outbox.last?.language == "fi")
    }

    @Test("Every built-in translation keeps every placeholder its English template has")
    func translationsKeepPlaceholders() {
        for (language, texts) in AccountEmailTexts.builtIn {
            for path in [\AccountEmailTexts.registration, \.alreadyRegistered, \.passwordReset, \.invitation] {
                let english = AccountEmailTexts.english[keyPath: path]
                for placeholder in ["{{name}}", "{{link}}", "{{portal}}"] {
                    #expect(
                        (english.subject + english.body).contains(placeholder)
                            == (texts[keyPath: path].subject + texts[keyPath: path].body).contains(placeholder),
                        "\(language) \(placeholder)")
                }
            }
        }
    }
}
