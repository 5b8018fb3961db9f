import Foundation

/// Decides who gets a session: password sign-in and identities asserted by IdPs or JWT apps, each
/// followed by the method's audience rule. Every outcome is audited with its reason code.
public struct SignInService: Sendable {
    public let contacts: any ContactRepository
    public let identities: any IdentityRepository
    public let membership: any MembershipStore
    public let audit: any AuditLog
    public let hasher: any PasswordHasher
    public let throttle: LoginThrottle
    public let clock: any Clock
    /// A hash of a random password, checked for unknown emails so that both cases cost one bcrypt run.
    public let decoyHash: String

    public init(
        contacts: any ContactRepository, identities: any IdentityRepository, membership: any MembershipStore, audit: any AuditLog,
        hasher: any PasswordHasher, throttle: LoginThrottle, clock: any Clock, decoyHash: String
    ) {
        self.contacts = contacts
        self.identities = identities
        self.membership = membership
        self.audit = audit
        self.hasher = hasher
        self.throttle = throttle
        self.clock = clock
        self.decoyHash = decoyHash
    }

    /// Email and password, throttled per account and per client address.
    public func signIn(email rawEmail: String, password: String, address: String, rule: AudienceRule, requestID: String)
        async throws -> Result<Contact, Rejection>
    {
        let now = clock.now
        let account = EmailAddress(rawEmail)?.value ?? rawEmail.lowercased()
        // The attempt counts as a failure before the (slow) hash check, so parallel guesses cannot all pass the limit.
        guard throttle.reserveAttempt(account: account, address: address, now: now) else {
            return try await refuse(Reasons.throttled, method: .password, email: account, detail: "throttled from \(address)", requestID: requestID)
        }
        let contact = try await EmailAddress(rawEmail).asyncFlatMap { try await contacts.contact(email: $0) }
        let hash = try await contact.asyncFlatMap { try await identities.passwordHash(of: $0.id) }
        // Same work whether or not the account exists, so timing does not reveal registered addresses.
        let matches = try await hasher.verify(password, against: hash ?? decoyHash) && hash != nil
        guard matches, let contact else {
            return try await refuse(
                Reasons.invalidCredentials, method: .password, email: account, detail: "wrong email or password", requestID: requestID)
        }
        guard contact.verified else {
            return try await refuse(
                Reasons.emailUnverified, method: .password, contactID: contact.id, email: account, detail: "email not verified", requestID: requestID)
        }
        throttle.recordSuccess(account: account, address: address, now: now)
        return try await admitIfInAudience(contact, method: .password, rule: rule, requestID: requestID)
    }

    /// An identity an IdP or JWT app vouched for (its signature and claims already verified).
    public func admit(_ asserted: AssertedIdentity, rule: AudienceRule, requestID: String) async throws -> Result<Contact, Rejection> {
        let contact: Contact
        if let linked = try await identities.contactID(for: asserted.identity), let existing = try await contacts.contact(id: linked) {
            contact = existing
        } else {
            guard let email = asserted.email else {
                return try await refuse(
                    Reasons.emailMissing, method: asserted.method, email: nil,
                    detail: "\(asserted.identity.issuer) sent no usable email for \(asserted.identity.subject); map the email attribute",
                    requestID: requestID)
            }
            let name = asserted.name.flatMap(ContactName.normalized) ?? email.value
            contact = try await membership.linkExternalIdentity(asserted.identity, email: email, name: name, at: clock.now)
        }
        return try await admitIfInAudience(contact, method: asserted.method, rule: rule, requestID: requestID)
    }

    private func admitIfInAudience(_ contact: Contact, method: AuthenticationMethod, rule: AudienceRule, requestID: String)
        async throws -> Result<Contact, Rejection>
    {
        // Portal admins always reach the portal; everyone else passes the method's audience rule.
        if !contact.isPortalAdmin {
            let lists = try await contacts.listNames(of: contact.id)
            guard rule.admits(memberships: lists) else {
                return try await refuse(
                    Reasons.notInAudience, method: method, contactID: contact.id, email: contact.email.value,
                    detail: "not a member of \(rule) (member of: \(lists.isEmpty ? "no list" : lists.joined(separator: ", ")))", requestID: requestID)
            }
        }
        try await audit.record(
            AuditEvent(
                kind: .login, method: method, contactID: contact.id, email: contact.email.value, detail: "signed in", requestID: requestID,
                at: clock.now))
        return .success(contact)
    }

    private func refuse(
        _ code: ReasonCode, method: AuthenticationMethod, contactID: Contact.ID? = nil, email: String?, detail: String, requestID: String
    ) async throws -> Result<Contact, Rejection> {
        try await audit.record(
            AuditEvent(
                kind: .rejection, method: method, contactID: contactID, email: email, reasonCode: code, detail: detail, requestID: requestID,
                at: clock.now))
        return .failure(Rejection(code: code, summary: Reasons.summary(of: code), detail: detail))
    }
}

extension Optional {
    /// `flatMap` for an async transform.
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
