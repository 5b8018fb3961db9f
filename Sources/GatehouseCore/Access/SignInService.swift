import Foundation

/// Decides who gets a session: password sign-in and identities asserted by IdPs or JWT apps, each
/// followed by the method's audience rule. Every outcome is audited with its reason code: refusals here,
/// admissions (and an external identity's refusal, which must be recorded with its replay entry) by the
/// caller's ``SignInLedger`` commit, together with the session.
public struct SignInService: Sendable {
    public let contacts: any ContactRepository
    public let identities: any IdentityRepository
    public let membership: any MembershipStore
    public let attempts: any LoginAttemptStore
    /// Counts the password-change forms per client (``AccountLimits/passwordFormBuckets(client:)``).
    public let rateLimits: any RateLimitStore
    public let audit: any AuditLog
    public let hasher: any PasswordHasher
    public let policy: LoginThrottlePolicy
    public let limits: AccountLimits
    public let clock: any Clock
    /// A hash of a random password, checked for unknown emails so that both cases cost one bcrypt run.
    public let decoyHash: String

    public init(
        contacts: any ContactRepository, identities: any IdentityRepository, membership: any MembershipStore, attempts: any LoginAttemptStore,
        rateLimits: any RateLimitStore, audit: any AuditLog, hasher: any PasswordHasher, limits: AccountLimits = AccountLimits(), clock: any Clock,
        decoyHash: String
    ) {
        self.contacts = contacts
        self.identities = identities
        self.membership = membership
        self.attempts = attempts
        self.rateLimits = rateLimits
        self.audit = audit
        self.hasher = hasher
        self.policy = limits.login
        self.limits = limits
        self.clock = clock
        self.decoyHash = decoyHash
    }

    /// A password sign-in's success: the contact, and the device cookie value to (re)issue, which makes
    /// this browser a trusted client of the account from now on.
    public struct PasswordSignIn: Sendable {
        public var contact: Contact
        public var deviceToken: String
        /// The "signed in" event, not yet recorded: the caller commits it with the session
        /// (``SignInLedger``), so that a sign-in is one durable commit.
        public var event: AuditEvent
    }

    /// What ``admit(_:rule:requestID:)`` decided, with its audit event, not yet recorded: the caller
    /// commits it with the replay entry and, when admitted, the session (``SignInLedger``), so that the
    /// event, the replay entry and the session are written together or not at all.
    public struct Decision: Sendable {
        public var outcome: Result<Contact, Rejection>
        public var event: AuditEvent
    }

    /// Email and password, throttled per account and client class and per client address
    /// (``LoginThrottlePolicy``). `deviceToken` is the browser's device cookie, if it sent one.
    public func signIn(email rawEmail: String, password: String, address: String, deviceToken: String?, rule: AudienceRule, requestID: String)
        async throws -> Result<PasswordSignIn, Rejection>
    {
        let account = EmailAddress(rawEmail)?.value ?? rawEmail.lowercased()
        // Cheap checks first: nothing here is worth a throttle slot or a hash.
        guard !password.isEmpty, password.utf8.count <= 1024, !account.isEmpty, account.utf8.count <= 320 else {
            return .failure(
                try await refuse(
                    Reasons.invalidCredentials, method: .password, email: account, detail: "empty or oversized credentials", requestID: requestID))
        }
        let device = try await trustedDevice(deviceToken, account: account)
        // The cookie this browser gets on success: its own again if already trusted, else a new one.
        let issuedDevice: String
        if case .device = device, let deviceToken { issuedDevice = deviceToken } else { issuedDevice = OneTimeToken().value }
        let verdict = try await checkPassword(
            password, account: account, client: device, address: address, trustOnSuccess: OneTimeToken.digest(of: issuedDevice), requestID: requestID)
        let contact: Contact
        switch verdict {
        case .refused(let rejection): return .failure(rejection)
        case .wrong:
            return .failure(
                try await refuse(
                    Reasons.invalidCredentials, method: .password, email: account, detail: "wrong email or password", requestID: requestID))
        case .correct(let matched): contact = matched
        }
        guard contact.verified else {
            return .failure(
                try await refuse(
                    Reasons.emailUnverified, method: .password, contactID: contact.id, email: account, detail: "email not verified",
                    requestID: requestID))
        }
        let decision = try await decide(contact, method: .password, rule: rule, requestID: requestID)
        switch decision.outcome {
        case .success(let admitted): return .success(PasswordSignIn(contact: admitted, deviceToken: issuedDevice, event: decision.event))
        case .failure(let rejection):
            try await audit.record(decision.event)
            return .failure(rejection)
        }
    }

    /// A signed-in contact changes their password: the current one is checked under the same throttle
    /// as a sign-in (a stolen session must not become a guessing oracle), then the new one replaces it,
    /// ending every other session of the account.
    public func changePassword(
        of contact: Contact, current: String, new: String, policy passwordPolicy: PasswordPolicy, address: String, deviceToken: String?,
        keepingSession: String?, requestID: String
    ) async throws -> Result<CredentialChange, Rejection> {
        if let problem = passwordPolicy.problem(with: new, email: contact.email) {
            return .failure(Rejection(Reasons.passwordPolicy, detail: problem))
        }
        guard !current.isEmpty, current.utf8.count <= 1024 else {
            return .failure(Rejection(Reasons.currentPasswordInvalid, detail: "current password empty or oversized"))
        }
        // Like every form that runs a hash: counted per client before the bcrypt.
        if case .limited(let retryAfter, let key) = try await rateLimits.take(limits.passwordFormBuckets(client: address), now: clock.now) {
            return .failure(
                try await audit.rateLimited(
                    "password change", key: key, retryAfter: retryAfter, method: .password, contactID: contact.id, email: contact.email.value,
                    requestID: requestID, at: clock.now))
        }
        let device = try await trustedDevice(deviceToken, account: contact.email.value)
        switch try await checkPassword(
            current, account: contact.email.value, client: device, address: address, trustOnSuccess: nil, requestID: requestID)
        {
        case .refused(let rejection): return .failure(rejection)
        case .wrong:
            let rejection = Rejection(Reasons.currentPasswordInvalid, detail: "current password wrong")
            try await audit.record(
                AuditEvent(
                    kind: .security, method: .password, contactID: contact.id, email: contact.email.value, reasonCode: rejection.code,
                    detail: "password change refused: current password wrong", requestID: requestID, at: clock.now))
            return .failure(rejection)
        case .correct(let matched):
            guard matched.id == contact.id else {
                return .failure(Rejection(Reasons.sessionExpired, detail: "the address belongs to another account now"))
            }
        }
        let hash = try await hasher.hash(new)
        guard
            let change = try await membership.changePassword(
                contactID: contact.id, expectedStamp: contact.securityStamp, newPasswordHash: hash, at: clock.now, keepingSession: keepingSession)
        else {
            return .failure(Rejection(Reasons.sessionExpired, detail: "the account's credentials changed while the form was open"))
        }
        try await audit.record(
            AuditEvent(
                kind: .security, method: .password, contactID: contact.id, email: contact.email.value,
                detail: "password changed; \(change.voidedTokens) link(s) voided, \(change.endedSessions) other session(s) ended",
                requestID: requestID,
                at: clock.now))
        return .success(change)
    }

    /// An identity an IdP or JWT app vouched for (its signature and claims already verified). Links a new
    /// identity to its contact (its own commit, on a first sign-in only); records nothing else.
    public func admit(_ asserted: AssertedIdentity, rule: AudienceRule, requestID: String) async throws -> Decision {
        let contact: Contact
        if let linked = try await identities.contactID(for: asserted.identity), let existing = try await contacts.contact(id: linked) {
            contact = existing
        } else {
            guard let email = asserted.email else {
                return refusal(
                    Reasons.emailMissing, method: asserted.method, email: nil,
                    detail: "\(asserted.identity.issuer) sent no usable email for \(asserted.identity.subject); map the email attribute",
                    requestID: requestID)
            }
            let name = asserted.name.flatMap(ContactName.normalized) ?? email.value
            contact = try await membership.linkExternalIdentity(asserted.identity, email: email, name: name, at: clock.now)
        }
        return try await decide(contact, method: asserted.method, rule: rule, requestID: requestID)
    }

    /// The outcome of checking a password under the throttle.
    private enum Verdict {
        case refused(Rejection)
        case wrong
        case correct(Contact)
    }

    /// The throttle decision (once, before the hash; waiting while attempts in flight could use up the
    /// budget), then one bcrypt run whether or not the account exists, then the attempt's outcome.
    private func checkPassword(
        _ password: String, account: String, client: LoginClient, address: String, trustOnSuccess: String?, requestID: String
    ) async throws -> Verdict {
        let attempt: Int64
        let started = clock.now
        var pause: Duration = .milliseconds(10)
        var waited: Duration = .zero
        while true {
            let (decision, id) = try await attempts.begin(account: account, client: client, address: address, policy: policy, now: clock.now)
            switch decision {
            case .proceed:
                guard let id else { throw StoreError.notFound("login attempt") }
                attempt = id
            case .refuse(let retryAfter):
                return .refused(
                    try await refuse(
                        Reasons.throttled, method: .password, email: account,
                        detail:
                            "throttled: \(client == .untrusted ? "untrusted clients of the account or the address \(address)" : "this device") must wait \(retryAfter) s",
                        requestID: requestID, retryAfter: retryAfter))
            case .wait:
                guard waited < .seconds(policy.maximumWait) else {
                    return .refused(
                        try await refuse(
                            Reasons.unavailable, method: .password, email: account,
                            detail: "gave up after waiting \(clock.now.timeIntervalSince(started)) s for other attempts in flight",
                            requestID: requestID,
                            retryAfter: 1))
                }
                try await Task.sleep(for: pause)
                waited += pause
                pause = min(pause * 2, .milliseconds(200))
                continue
            }
            break
        }
        do {
            let contact = try await EmailAddress(account).asyncFlatMap { try await contacts.contact(email: $0) }
            let hash = try await contact.asyncFlatMap { try await identities.passwordHash(of: $0.id) }
            // Same work whether or not the account exists, so timing does not reveal registered addresses.
            let matches = try await hasher.verify(password, against: hash ?? decoyHash) && hash != nil
            try await attempts.finish(attempt: attempt, failed: !matches, trustDevice: matches ? trustOnSuccess : nil, at: clock.now)
            guard matches, let contact else { return .wrong }
            return .correct(contact)
        } catch {
            try? await attempts.finish(attempt: attempt, failed: false, trustDevice: nil, at: clock.now)
            throw error
        }
    }

    private func trustedDevice(_ token: String?, account: String) async throws -> LoginClient {
        guard let token, OneTimeToken.hasShape(token) else { return .untrusted }
        let digest = OneTimeToken.digest(of: token)
        return try await attempts.isTrustedDevice(digest: digest, account: account) ? .device(digest) : .untrusted
    }

    /// The audience rule's verdict on `contact`, with its event (not recorded).
    private func decide(_ contact: Contact, method: AuthenticationMethod, rule: AudienceRule, requestID: String) async throws -> Decision {
        // Portal admins always reach the portal; everyone else passes the method's audience rule.
        if !contact.isPortalAdmin {
            let lists = try await contacts.listNames(of: contact.id)
            guard rule.admits(memberships: lists) else {
                return refusal(
                    Reasons.notInAudience, method: method, contactID: contact.id, email: contact.email.value,
                    detail: "not a member of \(rule) (member of: \(lists.isEmpty ? "no list" : lists.joined(separator: ", ")))",
                    requestID: requestID)
            }
        }
        return Decision(
            outcome: .success(contact),
            event: AuditEvent(
                kind: .login, method: method, contactID: contact.id, email: contact.email.value, detail: "signed in", requestID: requestID,
                at: clock.now))
    }

    /// A refusal and its event, not recorded.
    private func refusal(
        _ code: ReasonCode, method: AuthenticationMethod, contactID: Contact.ID? = nil, email: String?, detail: String, requestID: String
    ) -> Decision {
        Decision(
            outcome: .failure(Rejection(code, detail: detail)),
            event: rejectionEvent(code, method: method, contactID: contactID, email: email, detail: detail, requestID: requestID))
    }

    /// A refusal, recorded.
    private func refuse(
        _ code: ReasonCode, method: AuthenticationMethod, contactID: Contact.ID? = nil, email: String?, detail: String, requestID: String,
        retryAfter: Int? = nil
    ) async throws -> Rejection {
        try await audit.record(rejectionEvent(code, method: method, contactID: contactID, email: email, detail: detail, requestID: requestID))
        return Rejection(code, detail: detail, retryAfter: retryAfter)
    }

    private func rejectionEvent(
        _ code: ReasonCode, method: AuthenticationMethod, contactID: Contact.ID?, email: String?, detail: String, requestID: String
    ) -> AuditEvent {
        AuditEvent(
            kind: code == Reasons.throttled ? .security : .rejection, method: method, contactID: contactID, email: email, reasonCode: code,
            detail: detail, requestID: requestID, at: clock.now)
    }
}

extension Optional {
    /// `flatMap` for an async transform.
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
