import Foundation

/// Self-registration with consent and email verification, invitations and password resets.
///
/// Responses never reveal whether an address is registered: registering a known address sends that
/// mailbox an "already registered" email instead, and reset requests always look the same.
public struct RegistrationService: Sendable {
    public let contacts: any ContactRepository
    public let membership: any MembershipStore
    public let outbox: any OutboxRepository
    public let audit: any AuditLog
    public let hasher: any PasswordHasher
    public let clock: any Clock
    public let settings: RegistrationSettings
    /// The absolute URL for a token link (`/register/verify?token=…` and friends).
    public let link: @Sendable (IssuedToken.Purpose, String) -> String

    public init(
        contacts: any ContactRepository, membership: any MembershipStore, outbox: any OutboxRepository, audit: any AuditLog,
        hasher: any PasswordHasher, clock: any Clock, settings: RegistrationSettings,
        link: @escaping @Sendable (IssuedToken.Purpose, String) -> String
    ) {
        self.contacts = contacts
        self.membership = membership
        self.outbox = outbox
        self.audit = audit
        self.hasher = hasher
        self.clock = clock
        self.settings = settings
        self.link = link
    }

    /// A registration form post. `.success` means "check your email", whatever the address's state.
    public func register(email rawEmail: String, name rawName: String, password: String, consentAccepted: Bool, requestID: String)
        async throws -> Result<Void, Rejection>
    {
        guard settings.selfRegistration else { return .failure(rejection(Reasons.registrationClosed, "self-registration is off")) }
        guard let email = EmailAddress(rawEmail) else { return .failure(rejection(Reasons.emailInvalid, "not an email address")) }
        guard let name = Self.validName(rawName) else { return .failure(rejection(Reasons.nameInvalid, "empty or over 100 characters")) }
        if let consent = settings.consent, consent.required, !consentAccepted {
            return .failure(rejection(Reasons.consentRequired, "consent box not ticked"))
        }
        if let problem = settings.passwordPolicy.problem(with: password, email: email) {
            return .failure(rejection(Reasons.passwordPolicy, problem))
        }
        let now = clock.now
        // Hashed in every case, so a known address costs the same bcrypt run as a new one.
        let passwordHash = try await hasher.hash(password)
        if let existing = try await contacts.contact(email: email), existing.verified {
            let token = OneTimeToken()
            let text = settings.alreadyRegisteredEmail.render(
                name: existing.name, link: link(.passwordReset, token.value), portal: settings.portalName)
            try await membership.issueToken(
                IssuedToken(
                    digest: token.digest, purpose: .passwordReset, email: email, contactID: existing.id,
                    expiresAt: now.addingTimeInterval(Self.resetLifetime(settings)), createdAt: now),
                message: OutboxMessage(recipient: email, subject: text.subject, body: text.body, createdAt: now))
            try await audit.record(
                AuditEvent(
                    kind: .registration, contactID: existing.id, email: email.value, detail: "registration for a known address", requestID: requestID,
                    at: now))
            return .success(())
        }
        let token = OneTimeToken()
        let text = settings.registrationEmail.render(name: name, link: link(.registration, token.value), portal: settings.portalName)
        let contact = try await membership.registerPending(
            PendingRegistration(
                email: email, name: name, passwordHash: passwordHash, consentVersion: settings.consent?.version,
                consentAccepted: consentAccepted, tokenDigest: token.digest, tokenExpiresAt: now.addingTimeInterval(settings.tokenLifetime),
                message: OutboxMessage(recipient: email, subject: text.subject, body: text.body, createdAt: now), at: now))
        try await audit.record(
            AuditEvent(
                kind: .registration, contactID: contact.id, email: email.value, detail: "registration pending verification", requestID: requestID,
                at: now))
        return .success(())
    }

    /// The verification link from the registration email.
    public func verify(token: String, requestID: String) async throws -> Result<Contact, Rejection> {
        guard let contact = try await membership.completeRegistration(tokenDigest: OneTimeToken.digest(of: token), at: clock.now) else {
            return .failure(rejection(Reasons.tokenInvalid, "registration token unknown, used or expired"))
        }
        try await audit.record(
            AuditEvent(
                kind: .registration, contactID: contact.id, email: contact.email.value, detail: "email verified", requestID: requestID, at: clock.now)
        )
        return .success(contact)
    }

    /// "Forgot password": queues a reset email when the address is known; the caller shows the same page either way.
    public func requestPasswordReset(email rawEmail: String, requestID: String) async throws {
        guard let email = EmailAddress(rawEmail), let contact = try await contacts.contact(email: email) else { return }
        let now = clock.now
        let token = OneTimeToken()
        let text = settings.passwordResetEmail.render(name: contact.name, link: link(.passwordReset, token.value), portal: settings.portalName)
        try await membership.issueToken(
            IssuedToken(
                digest: token.digest, purpose: .passwordReset, email: email, contactID: contact.id,
                expiresAt: now.addingTimeInterval(Self.resetLifetime(settings)), createdAt: now),
            message: OutboxMessage(recipient: email, subject: text.subject, body: text.body, createdAt: now))
    }

    public func resetPassword(token: String, password: String, requestID: String) async throws -> Result<Contact, Rejection> {
        let digest = OneTimeToken.digest(of: token)
        guard let issued = try await membership.unusedToken(digest: digest, purpose: .passwordReset, at: clock.now) else {
            return .failure(rejection(Reasons.tokenInvalid, "reset token unknown, used or expired"))
        }
        if let problem = settings.passwordPolicy.problem(with: password, email: issued.email) {
            return .failure(rejection(Reasons.passwordPolicy, problem))
        }
        let hash = try await hasher.hash(password)
        guard let contact = try await membership.resetPassword(tokenDigest: digest, newPasswordHash: hash, at: clock.now)
        else {
            return .failure(rejection(Reasons.tokenInvalid, "reset token unknown, used or expired"))
        }
        try await audit.record(
            AuditEvent(
                kind: .registration, contactID: contact.id, email: contact.email.value, detail: "password reset", requestID: requestID, at: clock.now)
        )
        return .success(contact)
    }

    /// Whether a reset or invitation link can still be used, so its form is only shown when it can work.
    public func isUsable(token: String, purpose: IssuedToken.Purpose) async throws -> Bool {
        try await membership.unusedToken(digest: OneTimeToken.digest(of: token), purpose: purpose, at: clock.now) != nil
    }

    /// Queues an invitation to `list` (invite-only lists); returns the link for the admin's records.
    @discardableResult
    public func invite(email: EmailAddress, to list: ContactList) async throws -> String {
        let now = clock.now
        let token = OneTimeToken()
        let invitationLink = link(.invitation, token.value)
        let text = settings.invitationEmail.render(name: email.value, link: invitationLink, portal: settings.portalName)
        try await membership.issueToken(
            IssuedToken(
                digest: token.digest, purpose: .invitation, email: email, contactID: try await contacts.contact(email: email)?.id, listID: list.id,
                expiresAt: now.addingTimeInterval(max(settings.tokenLifetime, 7 * 86_400)), createdAt: now),
            message: OutboxMessage(recipient: email, subject: text.subject, body: text.body, createdAt: now))
        try await audit.record(AuditEvent(kind: .admin, email: email.value, detail: "invited to list \(list.name)", at: now))
        return invitationLink
    }

    public func acceptInvitation(token: String, name rawName: String, password: String, consentAccepted: Bool, requestID: String)
        async throws -> Result<Contact, Rejection>
    {
        guard let name = Self.validName(rawName) else { return .failure(rejection(Reasons.nameInvalid, "empty or over 100 characters")) }
        if let consent = settings.consent, consent.required, !consentAccepted {
            return .failure(rejection(Reasons.consentRequired, "consent box not ticked"))
        }
        let digest = OneTimeToken.digest(of: token)
        guard let issued = try await membership.unusedToken(digest: digest, purpose: .invitation, at: clock.now) else {
            return .failure(rejection(Reasons.tokenInvalid, "invitation unknown, used or expired"))
        }
        if let problem = settings.passwordPolicy.problem(with: password, email: issued.email) {
            return .failure(rejection(Reasons.passwordPolicy, problem))
        }
        let acceptance = InvitationAcceptance(
            tokenDigest: digest, name: name, passwordHash: try await hasher.hash(password),
            consentVersion: settings.consent?.version, consentAccepted: consentAccepted, at: clock.now)
        guard let contact = try await membership.acceptInvitation(acceptance) else {
            return .failure(rejection(Reasons.tokenInvalid, "invitation unknown, used or expired"))
        }
        try await audit.record(
            AuditEvent(
                kind: .registration, contactID: contact.id, email: contact.email.value, detail: "invitation accepted", requestID: requestID,
                at: clock.now))
        return .success(contact)
    }

    static func validName(_ raw: String) -> String? {
        ContactName.normalized(raw)
    }

    /// Password-reset links live at most an hour, whichever email carries them.
    static func resetLifetime(_ settings: RegistrationSettings) -> TimeInterval {
        min(settings.tokenLifetime, 3600)
    }

    private func rejection(_ code: ReasonCode, _ detail: String) -> Rejection {
        Rejection(code: code, summary: Reasons.summary(of: code), detail: detail)
    }
}
