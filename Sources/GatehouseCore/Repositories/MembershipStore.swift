import Foundation

/// The membership writes that must happen together or not at all, named for what they mean.
public protocol MembershipStore: Sendable {
    /// Creates an unverified contact (or keeps the one still unverified with this address) and stores the
    /// consent, the email, and a registration token carrying this registration's password hash and name.
    /// The contact gets no password here: each link activates the password of its own registration.
    func registerPending(_ registration: PendingRegistration) async throws -> Contact
    /// Consumes a registration token: sets the token's password and name, marks the contact verified and
    /// discards the contact's other unused registration tokens.
    func completeRegistration(tokenDigest: String, at: Date) async throws -> Contact?
    /// The unused, unexpired token with this digest and purpose, without consuming it.
    func unusedToken(digest: String, purpose: IssuedToken.Purpose, at: Date) async throws -> IssuedToken?
    /// Stores a token and queues the email that carries it.
    func issueToken(_ token: IssuedToken, message: OutboxMessage) async throws
    /// Consumes a password-reset token and sets the new password; the link proved the mailbox, so the
    /// contact becomes verified.
    func resetPassword(tokenDigest: String, newPasswordHash: String, at: Date) async throws -> Contact?
    /// Consumes an invitation: creates (or verifies) the contact, sets password and consent, adds it to the list.
    func acceptInvitation(_ acceptance: InvitationAcceptance) async throws -> Contact?
    /// Links an identity asserted by an IdP or JWT app: to a new verified contact, to the verified contact
    /// with that email, or to an unverified one after discarding its password (the issuer proved the
    /// mailbox; a password set by whoever registered the address first must not survive).
    func linkExternalIdentity(_ identity: ExternalIdentity, email: EmailAddress, name: String, at: Date) async throws -> Contact
}

public struct PendingRegistration: Sendable {
    public var email: EmailAddress
    public var name: String
    public var passwordHash: String
    public var consentVersion: String?
    public var consentAccepted: Bool
    public var tokenDigest: String
    public var tokenExpiresAt: Date
    public var message: OutboxMessage
    public var at: Date

    public init(
        email: EmailAddress, name: String, passwordHash: String, consentVersion: String?, consentAccepted: Bool, tokenDigest: String,
        tokenExpiresAt: Date, message: OutboxMessage, at: Date
    ) {
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.consentVersion = consentVersion
        self.consentAccepted = consentAccepted
        self.tokenDigest = tokenDigest
        self.tokenExpiresAt = tokenExpiresAt
        self.message = message
        self.at = at
    }
}

public struct InvitationAcceptance: Sendable {
    public var tokenDigest: String
    public var name: String
    public var passwordHash: String
    public var consentVersion: String?
    public var consentAccepted: Bool
    public var at: Date

    public init(tokenDigest: String, name: String, passwordHash: String, consentVersion: String?, consentAccepted: Bool, at: Date) {
        self.tokenDigest = tokenDigest
        self.name = name
        self.passwordHash = passwordHash
        self.consentVersion = consentVersion
        self.consentAccepted = consentAccepted
        self.at = at
    }
}
