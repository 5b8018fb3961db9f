import Foundation
import GatehouseCore
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

        /// The service as seen at `now` plus `offset` seconds.
        func service(after offset: TimeInterval = 0) -> RegistrationService {
            RegistrationService(
                contacts: InMemoryContactRepository(storage: storage), membership: InMemoryMembership(storage: storage),
                outbox: InMemoryOutbox(storage: storage), audit: InMemoryAuditLog(storage: storage), hasher: hasher,
                clock: FixedClock(RegistrationServiceTests.now.addingTimeInterval(offset)), settings: settings,
                link: { purpose, token in "https://portal.example/\(purpose.rawValue)?token=\(token)" })
        }

        func register(
            _ email: String = "ada@example.com", name: String = "Ada Lovelace", password: String = RegistrationServiceTests.password,
            consent: Bool = true
        ) async throws -> Result<Void, Rejection> {
            try await service().register(email: email, name: name, password: password, consentAccepted: consent, requestID: "req-r")
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
            storage.read { $0.contacts.isEmpty && $0.outbox.isEmpty && $0.tokens.isEmpty && $0.consents.isEmpty && $0.audit.isEmpty }
                && hasher.hashed.isEmpty
        }
    }

    // MARK: Refusals

    @Test("Registration is refused when self-registration is off, before anything else is checked or written")
    func closed() async throws {
        var fixture = Fixture()
        fixture.settings = Self.settings(selfRegistration: false)
        #expect(try await fixture.register().rejectionCode == Reasons.registrationClosed)
        #expect(try await fixture.register("bad", name: "", password: "x", consent: false).rejectionCode == Reasons.registrationClosed)
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

    @Test(
        "A password the policy refuses is register.password_policy",
        arguments: ["short", "123456789", String(repeating: "a", count: 73), "ADA@example.com", String(repeating: "€", count: 25)])
    func passwordPolicy(_ password: String) async throws {
        let fixture = Fixture()
        let rejection = try #require(try await fixture.register(password: password).rejection)
        #expect(rejection.code == Reasons.passwordPolicy)
        #expect(!rejection.detail.contains(password))
        #expect(fixture.nothingWritten)
    }

    // MARK: New registrations

    @Test("A new address gets an unverified contact, its password hash, consent, a token and a verification email")
    func newRegistration() async throws {
        let fixture = Fixture()
        _ = try await fixture.register(" Ada@Example.com ").get()

        let contact = try #require(fixture.storage.contacts.first)
        #expect(fixture.storage.contacts.count == 1)
        #expect(contact.email.value == "ada@example.com")
        #expect(contact.name == "Ada Lovelace")
        #expect(!contact.verified)
        #expect(fixture.hasher.hashed == [Self.password])
        // The password waits in the token until the link is used.
        #expect(fixture.storage.passwordHash(of: contact.id) == nil)
        let pendingLink = try fixture.lastToken(to: "ada@example.com").token
        #expect(
            fixture.storage.token(digest: OneTimeToken.digest(of: pendingLink))?.token.passwordHash
                == ReversiblePasswordHasher.hash(of: Self.password))
        #expect(
            fixture.storage.consents == [
                ConsentRecord(contactID: contact.id, textVersion: Self.consent.version, accepted: true, recordedAt: Self.now)
            ])

        let message = try #require(fixture.storage.outbox.first)
        #expect(fixture.storage.outbox.count == 1)
        #expect(message.recipient.value == "ada@example.com")
        #expect(message.subject == "Confirm your Acme Portal account")
        #expect(message.body.contains("Hello Ada Lovelace,"))
        let link = try fixture.lastToken(to: "ada@example.com")
        #expect(link.purpose == "registration")
        let stored = try #require(fixture.storage.token(digest: OneTimeToken.digest(of: link.token)))
        #expect(stored.token.purpose == .registration)
        #expect(stored.token.contactID == contact.id)
        #expect(stored.token.expiresAt == Self.now.addingTimeInterval(86_400))
        #expect(fixture.storage.read { $0.tokens[link.token] } == nil, "only the digest is stored")

        #expect(fixture.storage.audit.map(\.kind) == [.registration])
        #expect(fixture.storage.audit.first?.contactID == contact.id)
        #expect(fixture.storage.audit.first?.requestID == "req-r")
    }

    @Test("Registering an address that is still unverified sends a new link to the same contact")
    func reRegisterUnverified() async throws {
        let fixture = Fixture()
        _ = try await fixture.register().get()
        let first = try fixture.lastToken(to: "ada@example.com").token
        _ = try await fixture.register(name: "Ada King", password: "another long password").get()
        let second = try fixture.lastToken(to: "ada@example.com").token
        #expect(first != second)
        #expect(fixture.storage.contacts.count == 1)
        #expect(fixture.storage.contacts.first?.name == "Ada Lovelace")
        #expect(fixture.storage.passwordHash(of: 1) == nil)
        // The second link activates the second registration's name and password, and the first link dies.
        _ = try await fixture.service(after: 60).verify(token: second, requestID: "r").get()
        #expect(fixture.storage.contacts.first?.name == "Ada King")
        #expect(fixture.storage.passwordHash(of: 1) == ReversiblePasswordHasher.hash(of: "another long password"))
        #expect(try await fixture.service(after: 61).verify(token: first, requestID: "r").rejectionCode == Reasons.tokenInvalid)
    }

    @Test("A known verified address gets the same answer, but an 'already registered' email instead of an account")
    func knownAddress() async throws {
        let fixture = Fixture()
        let ada = fixture.storage.addContact(
            email: "ada@example.com", name: "Ada", passwordHash: ReversiblePasswordHasher.hash(of: "original password"))
        let result = try await fixture.register("ADA@example.com", name: "Mallory", password: "attacker password")
        #expect((try? result.get()) != nil)

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
        #expect(fixture.storage.token(digest: OneTimeToken.digest(of: link.token))?.token.purpose == .passwordReset)
        #expect(fixture.storage.audit.map(\.kind) == [.registration])
    }

    @Test("The reset link in an 'already registered' email expires within an hour, like every other reset link")
    func knownAddressResetLifetime() async throws {
        let fixture = Fixture()
        fixture.storage.addContact(email: "ada@example.com", passwordHash: ReversiblePasswordHasher.hash(of: "original password"))
        _ = try await fixture.register().get()
        let link = try fixture.lastToken(to: "ada@example.com")
        let stored = try #require(fixture.storage.token(digest: OneTimeToken.digest(of: link.token)))
        #expect(stored.token.expiresAt <= Self.now.addingTimeInterval(3600))
    }

    @Test("A second registration of a pending address cannot choose the password the first registrant's link activates")
    func pendingPasswordHijack() async throws {
        let fixture = Fixture()
        _ = try await fixture.register("ada@example.com", name: "Ada", password: "ada's own password").get()
        let adasLink = try fixture.lastToken(to: "ada@example.com").token
        _ = try await fixture.register("ada@example.com", name: "Ada", password: "mallory's password").get()
        _ = try await fixture.service(after: 60).verify(token: adasLink, requestID: "r").get()
        #expect(fixture.storage.passwordHash(of: 1) != ReversiblePasswordHasher.hash(of: "mallory's password"))
    }

    @Test("Registering a known address costs the same password hashing as a new one, so timing reveals nothing")
    func knownAddressTiming() async throws {
        let fixture = Fixture()
        fixture.storage.addContact(email: "ada@example.com", passwordHash: ReversiblePasswordHasher.hash(of: "original password"))
        _ = try await fixture.register().get()
        #expect(fixture.hasher.hashed.count == 1)
    }

    // MARK: Verification

    @Test("The emailed token verifies the contact once; a second use is token.invalid")
    func verifyOnce() async throws {
        let fixture = Fixture()
        _ = try await fixture.register().get()
        let token = try fixture.lastToken(to: "ada@example.com").token
        let contact = try await fixture.service(after: 60).verify(token: token, requestID: "req-v").get()
        #expect(contact.verified)
        #expect(fixture.storage.contacts.first?.verified == true)
        #expect(fixture.storage.audit.last?.detail == "email verified")
        #expect(fixture.storage.audit.last?.requestID == "req-v")

        let again = try await fixture.service(after: 61).verify(token: token, requestID: "req-v2")
        #expect(again.rejectionCode == Reasons.tokenInvalid)
        #expect(fixture.storage.audit.count == 2)
    }

    @Test("Unknown, altered, empty and expired tokens are token.invalid and verify nobody")
    func verifyInvalid() async throws {
        let fixture = Fixture()
        _ = try await fixture.register().get()
        let token = try fixture.lastToken(to: "ada@example.com").token
        for presented in ["", "nonsense", String(token.dropLast()), token + "A", token.uppercased(), OneTimeToken.digest(of: token)] {
            #expect(try await fixture.service().verify(token: presented, requestID: "r").rejectionCode == Reasons.tokenInvalid)
        }
        #expect(try await fixture.service(after: 86_400).verify(token: token, requestID: "r").rejectionCode == Reasons.tokenInvalid)
        #expect(fixture.storage.contacts.first?.verified == false)
        #expect(try await fixture.service(after: 86_399).verify(token: token, requestID: "r").rejectionCode == nil)
    }

    @Test("A registration token is not a password-reset token")
    func registrationTokenCannotReset() async throws {
        let fixture = Fixture()
        _ = try await fixture.register().get()
        let token = try fixture.lastToken(to: "ada@example.com").token
        let result = try await fixture.service().resetPassword(token: token, password: "brand new password", requestID: "r")
        #expect(result.rejectionCode == Reasons.tokenInvalid)
        #expect(fixture.storage.passwordHash(of: 1) == nil)
    }

    // MARK: Password reset

    @Test("A reset request for a known address queues one reset email, valid for at most an hour")
    func requestReset() async throws {
        var fixture = Fixture()
        fixture.settings.tokenLifetime = 86_400
        let ada = fixture.storage.addContact(email: "ada@example.com", name: "Ada", passwordHash: "hash:old")
        try await fixture.service().requestPasswordReset(email: " ADA@example.com", requestID: "r")
        let message = try #require(fixture.storage.outbox.first)
        #expect(fixture.storage.outbox.count == 1)
        #expect(message.recipient == ada.email)
        #expect(message.subject == "Reset your Acme Portal password")
        let link = try fixture.lastToken(to: "ada@example.com")
        #expect(link.purpose == "password_reset")
        let stored = try #require(fixture.storage.token(digest: OneTimeToken.digest(of: link.token)))
        #expect(stored.token.expiresAt == Self.now.addingTimeInterval(3600))
        #expect(stored.token.contactID == ada.id)
    }

    @Test("A shorter configured token lifetime also shortens reset links")
    func resetLifetimeShort() async throws {
        var fixture = Fixture()
        fixture.settings.tokenLifetime = 600
        fixture.storage.addContact(email: "ada@example.com")
        try await fixture.service().requestPasswordReset(email: "ada@example.com", requestID: "r")
        let link = try fixture.lastToken(to: "ada@example.com")
        #expect(fixture.storage.token(digest: OneTimeToken.digest(of: link.token))?.token.expiresAt == Self.now.addingTimeInterval(600))
    }

    @Test("Reset requests for unknown or malformed addresses do nothing and do not fail", arguments: ["ghost@example.com", "not an email", ""])
    func requestResetUnknown(_ email: String) async throws {
        let fixture = Fixture()
        fixture.storage.addContact(email: "ada@example.com")
        try await fixture.service().requestPasswordReset(email: email, requestID: "r")
        #expect(fixture.storage.outbox.isEmpty)
        #expect(fixture.storage.read(\.tokens).isEmpty)
    }

    @Test("The reset token sets the new password once, verifies the contact, and is then token.invalid")
    func resetPassword() async throws {
        let fixture = Fixture()
        let ada = fixture.storage.addContact(email: "ada@example.com", verified: false, passwordHash: "hash:old")
        try await fixture.service().requestPasswordReset(email: "ada@example.com", requestID: "r")
        let token = try fixture.lastToken(to: "ada@example.com").token

        let contact = try await fixture.service(after: 30).resetPassword(token: token, password: "brand new password", requestID: "req-p").get()
        #expect(contact.id == ada.id)
        #expect(contact.verified)
        #expect(fixture.storage.passwordHash(of: ada.id) == ReversiblePasswordHasher.hash(of: "brand new password"))
        #expect(fixture.storage.audit.last?.detail == "password reset")
        #expect(fixture.storage.audit.last?.requestID == "req-p")

        let again = try await fixture.service(after: 40).resetPassword(token: token, password: "yet another password", requestID: "r")
        #expect(again.rejectionCode == Reasons.tokenInvalid)
        #expect(fixture.storage.passwordHash(of: ada.id) == ReversiblePasswordHasher.hash(of: "brand new password"))
    }

    @Test("An expired reset token is token.invalid")
    func resetExpired() async throws {
        let fixture = Fixture()
        fixture.storage.addContact(email: "ada@example.com", passwordHash: "hash:old")
        try await fixture.service().requestPasswordReset(email: "ada@example.com", requestID: "r")
        let token = try fixture.lastToken(to: "ada@example.com").token
        let result = try await fixture.service(after: 3600).resetPassword(token: token, password: "brand new password", requestID: "r")
        #expect(result.rejectionCode == Reasons.tokenInvalid)
        #expect(fixture.storage.passwordHash(of: 1) == "hash:old")
    }

    @Test("A reset to a password of the wrong length is register.password_policy and leaves the token usable")
    func resetPolicy() async throws {
        let fixture = Fixture()
        fixture.storage.addContact(email: "ada@example.com", passwordHash: "hash:old")
        try await fixture.service().requestPasswordReset(email: "ada@example.com", requestID: "r")
        let token = try fixture.lastToken(to: "ada@example.com").token
        for password in ["short", String(repeating: "x", count: 73)] {
            #expect(
                try await fixture.service().resetPassword(token: token, password: password, requestID: "r").rejectionCode == Reasons.passwordPolicy)
        }
        #expect(fixture.hasher.hashed.isEmpty)
        _ = try await fixture.service().resetPassword(token: token, password: "brand new password", requestID: "r").get()
    }

    @Test("A reset cannot set the email address as password, as registration cannot")
    func resetToEmailAddress() async throws {
        let fixture = Fixture()
        fixture.storage.addContact(email: "ada.lovelace@example.com", passwordHash: "hash:old")
        try await fixture.service().requestPasswordReset(email: "ada.lovelace@example.com", requestID: "r")
        let token = try fixture.lastToken(to: "ada.lovelace@example.com").token
        let result = try await fixture.service().resetPassword(token: token, password: "ada.lovelace@example.com", requestID: "r")
        #expect(result.rejectionCode == Reasons.passwordPolicy)
    }

    // MARK: Invitations

    @Test("Accepting an invitation cannot set the email address as password, as registration cannot")
    func acceptInvitationEmailAsPassword() async throws {
        let fixture = Fixture()
        let list = fixture.storage.addList(named: "Partners")
        try await fixture.service().invite(email: EmailAddress("grace.hopper@example.com")!, to: list)
        let token = try fixture.lastToken(to: "grace.hopper@example.com").token
        let result = try await fixture.service().acceptInvitation(
            token: token, name: "Grace", password: "Grace.Hopper@example.com", consentAccepted: true, requestID: "r")
        #expect(result.rejectionCode == Reasons.passwordPolicy)
    }

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

    @Test("Inviting a known contact records its id on the token")
    func inviteKnown() async throws {
        let fixture = Fixture()
        let list = fixture.storage.addList(named: "Partners")
        let grace = fixture.storage.addContact(email: "grace@example.com", verified: false)
        try await fixture.service().invite(email: grace.email, to: list)
        let token = try fixture.lastToken(to: "grace@example.com").token
        #expect(fixture.storage.token(digest: OneTimeToken.digest(of: token))?.token.contactID == grace.id)
    }

    @Test("Accepting an invitation creates a verified member with password and consent; the link then is token.invalid")
    func acceptInvitation() async throws {
        let fixture = Fixture()
        let list = fixture.storage.addList(named: "Partners")
        try await fixture.service().invite(email: EmailAddress("grace@example.com")!, to: list)
        let token = try fixture.lastToken(to: "grace@example.com").token

        let contact = try await fixture.service(after: 100).acceptInvitation(
            token: token, name: " Grace Hopper ", password: Self.password, consentAccepted: true, requestID: "req-i"
        ).get()
        #expect(contact.email.value == "grace@example.com")
        #expect(contact.name == "Grace Hopper")
        #expect(contact.verified)
        #expect(fixture.storage.members(of: list.id) == [contact.id])
        #expect(fixture.storage.passwordHash(of: contact.id) == ReversiblePasswordHasher.hash(of: Self.password))
        #expect(fixture.storage.consents.map(\.textVersion) == [Self.consent.version])
        #expect(fixture.storage.audit.last?.detail == "invitation accepted")
        #expect(fixture.storage.audit.last?.requestID == "req-i")

        let again = try await fixture.service(after: 200).acceptInvitation(
            token: token, name: "Mallory", password: "attacker password", consentAccepted: true, requestID: "r")
        #expect(again.rejectionCode == Reasons.tokenInvalid)
        #expect(fixture.storage.passwordHash(of: contact.id) == ReversiblePasswordHasher.hash(of: Self.password))
    }

    @Test("Invitation acceptance checks name, consent and password before consuming the token")
    func acceptInvitationRefusals() async throws {
        let fixture = Fixture()
        let list = fixture.storage.addList(named: "Partners")
        try await fixture.service().invite(email: EmailAddress("grace@example.com")!, to: list)
        let token = try fixture.lastToken(to: "grace@example.com").token
        let service = fixture.service()
        #expect(
            try await service.acceptInvitation(token: token, name: " ", password: Self.password, consentAccepted: true, requestID: "r").rejectionCode
                == Reasons.nameInvalid)
        #expect(
            try await service.acceptInvitation(token: token, name: "Grace", password: Self.password, consentAccepted: false, requestID: "r")
                .rejectionCode
                == Reasons.consentRequired)
        #expect(
            try await service.acceptInvitation(token: token, name: "Grace", password: "short", consentAccepted: true, requestID: "r").rejectionCode
                == Reasons.passwordPolicy)
        #expect(fixture.storage.contacts.isEmpty)
        _ = try await service.acceptInvitation(token: token, name: "Grace", password: Self.password, consentAccepted: true, requestID: "r").get()
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
                token: token, name: "Grace", password: Self.password, consentAccepted: true, requestID: "r"
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
        let contact = try await fixture.service().acceptInvitation(
            token: token, name: "Grace H", password: "invited password", consentAccepted: true, requestID: "r"
        ).get()
        #expect(fixture.storage.contacts.count == 1)
        #expect(contact.verified)
        #expect(fixture.storage.passwordHash(of: contact.id) == ReversiblePasswordHasher.hash(of: "invited password"))
        #expect(fixture.storage.members(of: list.id) == [contact.id])
    }
}
