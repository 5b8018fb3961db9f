import Foundation

/// Self-registration with consent and email verification, invitations and password resets.
///
/// Responses never reveal whether an address is registered. A registration or reset request is only
/// queued (``AccountRequest``) before the answer; ``AccountRequestProcessor`` then sends what the
/// address's state calls for. Nobody chooses a password for an address they do not control: the
/// password of a new account is chosen on the page its confirmation link opens, by whoever holds the
/// mailbox. Every link is bound to the account's ``Contact/securityStamp`` when it was issued.
public struct RegistrationService: Sendable {
    public let contacts: any ContactRepository
    public let membership: any MembershipStore
    public let requests: any AccountRequestQueue
    public let rateLimits: any RateLimitStore
    public let audit: any AuditLog
    public let hasher: any PasswordHasher
    public let clock: any Clock
    public let settings: RegistrationSettings
    public let limits: AccountLimits
    /// The absolute URL for a token link (`/register/verify?token=…` and friends).
    public let link: @Sendable (IssuedToken.Purpose, String) -> String
    /// Called after a request was queued (wakes the worker in this process).
    public let requestQueued: @Sendable () -> Void

    public init(
        contacts: any ContactRepository, membership: any MembershipStore, requests: any AccountRequestQueue, rateLimits: any RateLimitStore,
        audit: any AuditLog, hasher: any PasswordHasher, clock: any Clock, settings: RegistrationSettings, limits: AccountLimits = AccountLimits(),
        link: @escaping @Sendable (IssuedToken.Purpose, String) -> String, requestQueued: @escaping @Sendable () -> Void = {}
    ) {
        self.contacts = contacts
        self.membership = membership
        self.requests = requests
        self.rateLimits = rateLimits
        self.audit = audit
        self.hasher = hasher
        self.clock = clock
        self.settings = settings
        self.limits = limits
        self.link = link
        self.requestQueued = requestQueued
    }

    /// The worker's half: acts on the queued requests.
    public var processor: AccountRequestProcessor {
        AccountRequestProcessor(
            contacts: contacts, membership: membership, requests: requests, audit: audit, clock: clock, settings: settings, limits: limits, link: link
        )
    }

    /// A registration form post. `.success` means "check your email", whatever the address's state.
    /// `language` is the page's: the email is written in it.
    public func register(
        email rawEmail: String, name rawName: String, consentAccepted: Bool, client: String, requestID: String, language: String? = nil
    ) async throws -> Result<Void, Rejection> {
        guard settings.selfRegistration else { return .failure(Rejection(Reasons.registrationClosed, detail: "self-registration is off")) }
        guard let email = EmailAddress(rawEmail) else { return .failure(Rejection(Reasons.emailInvalid, detail: "not an email address")) }
        guard let name = ContactName.normalized(rawName) else {
            return .failure(Rejection(Reasons.nameInvalid, detail: "empty or over 100 characters"))
        }
        if let consent = settings.consent, consent.required, !consentAccepted {
            return .failure(Rejection(Reasons.consentRequired, detail: "consent box not ticked"))
        }
        let request = AccountRequest(
            kind: .registration, email: email, name: name, consentVersion: settings.consent?.version, consentAccepted: consentAccepted,
            requestID: requestID, createdAt: clock.now, language: language)
        return try await submit(request, client: client)
    }

    /// "Forgot password": queues a reset for the address; the caller shows the same page whatever it is.
    public func requestPasswordReset(email rawEmail: String, client: String, requestID: String, language: String? = nil) async throws -> Result<
        Void, Rejection
    > {
        // Not an address: nothing to send, and nothing an attacker learns (the syntax is theirs).
        guard let email = EmailAddress(rawEmail) else { return .success(()) }
        return try await submit(
            AccountRequest(kind: .passwordReset, email: email, requestID: requestID, createdAt: clock.now, language: language), client: client)
    }

    /// Whether a link can still be used, so its form is only shown when it can work.
    public func isUsable(token: String, purpose: IssuedToken.Purpose) async throws -> Bool {
        try await membership.unusedToken(digest: OneTimeToken.digest(of: token), purpose: purpose, at: clock.now) != nil
    }

    /// The confirmation link's form: the mailbox's holder chooses the account's password.
    public func confirmRegistration(token: String, password: String, client: String, keepingSession: String?, requestID: String)
        async throws -> Result<CredentialChange, Rejection>
    {
        try await setPassword(
            token: token, purpose: .registration, password: password, client: client, requestID: requestID, what: "registration confirmed"
        ) { digest, hash in
            try await membership.completeRegistration(tokenDigest: digest, passwordHash: hash, at: clock.now, keepingSession: keepingSession)
        }
    }

    public func resetPassword(token: String, password: String, client: String, keepingSession: String?, requestID: String)
        async throws -> Result<CredentialChange, Rejection>
    {
        try await setPassword(token: token, purpose: .passwordReset, password: password, client: client, requestID: requestID, what: "password reset")
        {
            digest, hash in
            try await membership.resetPassword(tokenDigest: digest, newPasswordHash: hash, at: clock.now, keepingSession: keepingSession)
        }
    }

    public func acceptInvitation(
        token: String, name rawName: String, password: String, consentAccepted: Bool, client: String, keepingSession: String?, requestID: String
    ) async throws -> Result<CredentialChange, Rejection> {
        guard let name = ContactName.normalized(rawName) else {
            return .failure(Rejection(Reasons.nameInvalid, detail: "empty or over 100 characters"))
        }
        if let consent = settings.consent, consent.required, !consentAccepted {
            return .failure(Rejection(Reasons.consentRequired, detail: "consent box not ticked"))
        }
        return try await setPassword(
            token: token, purpose: .invitation, password: password, client: client, requestID: requestID, what: "invitation accepted"
        ) { digest, hash in
            try await membership.acceptInvitation(
                InvitationAcceptance(
                    tokenDigest: digest, name: name, passwordHash: hash, consentVersion: settings.consent?.version, consentAccepted: consentAccepted,
                    at: clock.now, keepingSession: keepingSession))
        }
    }

    /// Queues an invitation to `list` (invite-only lists); returns the link for the admin's records, or
    /// nil when the address has had its hourly share of account emails.
    @discardableResult
    public func invite(email: EmailAddress, to list: ContactList) async throws -> String? {
        let now = clock.now
        let token = OneTimeToken()
        let invitationLink = link(.invitation, token.value)
        let (template, language) = settings.template(.invitation, language: nil)
        let text = template.render(name: email.value, link: invitationLink, portal: settings.portalName)
        let contact = try await contacts.contact(email: email)
        let queued = try await membership.issueToken(
            IssuedToken(
                digest: token.digest, purpose: .invitation, email: email, contactID: contact?.id, listID: list.id,
                securityStamp: contact?.securityStamp ?? 0, expiresAt: now.addingTimeInterval(max(settings.tokenLifetime, 7 * 86_400)), createdAt: now
            ),
            message: OutboxMessage(recipient: email, subject: text.subject, body: text.body, language: language, createdAt: now),
            emailCap: limits.emailsPerAddress)
        try await audit.record(
            AuditEvent(
                kind: .admin, email: email.value,
                detail: queued
                    ? "invited to list \(list.name)" : "invitation to list \(list.name) not sent: the address's hourly email cap is reached",
                at: now))
        return queued ? invitationLink : nil
    }

    private func submit(_ request: AccountRequest, client: String) async throws -> Result<Void, Rejection> {
        switch try await requests.submit(request, buckets: limits.requestBuckets(recipient: request.email, client: client)) {
        case .allowed:
            requestQueued()
            return .success(())
        case .limited(let retryAfter, let key):
            return .failure(
                try await audit.rateLimited(
                    "\(request.kind.rawValue) request", key: key, retryAfter: retryAfter, email: request.email.value, requestID: request.requestID,
                    at: clock.now))
        }
    }

    /// The shared path of every link that sets a password: the link must still work, the password meet
    /// the policy and the client be within its limit before the hash runs; the store then consumes the
    /// link and changes the account in one transaction.
    private func setPassword(
        token: String, purpose: IssuedToken.Purpose, password: String, client: String, requestID: String, what: String,
        apply: (String, String) async throws -> CredentialChange?
    ) async throws -> Result<CredentialChange, Rejection> {
        let digest = OneTimeToken.digest(of: token)
        guard let issued = try await membership.unusedToken(digest: digest, purpose: purpose, at: clock.now) else {
            return .failure(Rejection(Reasons.tokenInvalid, detail: "\(purpose.rawValue) link unknown, used, expired or voided"))
        }
        if let problem = settings.passwordPolicy.problem(with: password, email: issued.email) {
            return .failure(Rejection(Reasons.passwordPolicy, detail: problem))
        }
        if case .limited(let retryAfter, let key) = try await rateLimits.take(limits.passwordFormBuckets(client: client), now: clock.now) {
            return .failure(
                try await audit.rateLimited(
                    "\(purpose.rawValue) form", key: key, retryAfter: retryAfter, contactID: issued.contactID, email: issued.email.value,
                    requestID: requestID, at: clock.now))
        }
        let hash = try await hasher.hash(password)
        guard let change = try await apply(digest, hash) else {
            return .failure(Rejection(Reasons.tokenInvalid, detail: "\(purpose.rawValue) link used, expired or voided meanwhile"))
        }
        try await audit.record(
            AuditEvent(
                kind: .security, contactID: change.contact.id, email: change.contact.email.value,
                detail: "\(what): password set; \(change.voidedTokens) other link(s) voided, \(change.endedSessions) session(s) ended",
                requestID: requestID, at: clock.now))
        return .success(change)
    }

    /// Password-reset links live at most an hour, whichever email carries them.
    static func resetLifetime(_ settings: RegistrationSettings) -> TimeInterval {
        min(settings.tokenLifetime, 3600)
    }
}
