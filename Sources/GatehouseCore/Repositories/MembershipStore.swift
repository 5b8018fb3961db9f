import Foundation

/// The membership writes that must happen together or not at all, named for what they mean.
///
/// Every write that sets a password — whatever the path — bumps the contact's ``Contact/securityStamp``,
/// voids the contact's other unused email links and ends its sessions (but `keepingSession`, the digest
/// of the session key that made the change, which its caller then renews), in the same transaction.
public protocol MembershipStore: Sendable {
    /// Creates an unverified contact (or keeps the one still unverified with this address), stores the
    /// consent and a registration token, and queues its email — unless the address has already been
    /// sent `emailCap` account emails in the last hour (then nothing is written and this returns false).
    /// The token carries `registration.expectedStamp`; a contact whose stamp differs fails with
    /// ``StoreError/conflict`` (its state changed since the caller looked). With `completing`, the queued
    /// request is marked done in the same transaction when something was written (``StoreError/alreadyDone``
    /// and nothing written when another worker completed it first).
    func registerPending(_ registration: PendingRegistration, emailCap: Int, completing: AccountRequestCompletion?) async throws -> Bool
    /// The unused, unexpired token with this digest and purpose whose contact is still in the state it
    /// was issued for, without consuming it.
    func unusedToken(digest: String, purpose: IssuedToken.Purpose, at: Date) async throws -> IssuedToken?
    /// Stores a token and queues the email that carries it, within the address's email cap (false:
    /// capped, nothing written). A token for a contact whose stamp is no longer the token's fails with
    /// ``StoreError/conflict``. `completing` as for ``registerPending(_:emailCap:completing:)``.
    func issueToken(_ token: IssuedToken, message: OutboxMessage, emailCap: Int, completing: AccountRequestCompletion?) async throws -> Bool
    /// Consumes a registration token and sets the password chosen on its page; the contact becomes verified
    /// and takes the registration's name.
    func completeRegistration(tokenDigest: String, passwordHash: String, at: Date, keepingSession: String?) async throws -> CredentialChange?
    /// Consumes a password-reset token and sets the new password; the link proved the mailbox, so the
    /// contact becomes verified.
    func resetPassword(tokenDigest: String, newPasswordHash: String, at: Date, keepingSession: String?) async throws -> CredentialChange?
    /// Consumes an invitation: creates (or verifies) the contact, sets password and consent, adds it to the list.
    func acceptInvitation(_ acceptance: InvitationAcceptance) async throws -> CredentialChange?
    /// A signed-in contact's new password, if the account is still at `expectedStamp` (nil otherwise).
    func changePassword(contactID: Contact.ID, expectedStamp: Int, newPasswordHash: String, at: Date, keepingSession: String?) async throws
        -> CredentialChange?
    /// Links an identity asserted by an IdP or JWT app: to a new verified contact, to the verified contact
    /// with that email, or to an unverified one after discarding its password (the issuer proved the
    /// mailbox; a password set by whoever registered the address first must not survive). Linking a new
    /// identity bumps the stamp and voids the contact's unused email links.
    func linkExternalIdentity(_ identity: ExternalIdentity, email: EmailAddress, name: String, at: Date) async throws -> Contact
}

extension MembershipStore {
    public func registerPending(_ registration: PendingRegistration, emailCap: Int) async throws -> Bool {
        try await registerPending(registration, emailCap: emailCap, completing: nil)
    }

    public func issueToken(_ token: IssuedToken, message: OutboxMessage, emailCap: Int) async throws -> Bool {
        try await issueToken(token, message: message, emailCap: emailCap, completing: nil)
    }
}

/// What a password change did: the contact as it is now, and what it ended.
public struct CredentialChange: Sendable, Equatable {
    public var contact: Contact
    /// Unused email links of the account that stopped working.
    public var voidedTokens: Int
    /// Sessions of the account that were ended (the one that made the change is not counted).
    public var endedSessions: Int

    public init(contact: Contact, voidedTokens: Int, endedSessions: Int) {
        self.contact = contact
        self.voidedTokens = voidedTokens
        self.endedSessions = endedSessions
    }
}

public struct PendingRegistration: Sendable {
    public var email: EmailAddress
    public var name: String
    /// The stamp of the existing unverified contact the caller saw (0 for a new address).
    public var expectedStamp: Int
    public var consentVersion: String?
    public var consentAccepted: Bool
    public var tokenDigest: String
    public var tokenExpiresAt: Date
    public var message: OutboxMessage
    public var at: Date

    public init(
        email: EmailAddress, name: String, expectedStamp: Int = 0, consentVersion: String?, consentAccepted: Bool, tokenDigest: String,
        tokenExpiresAt: Date, message: OutboxMessage, at: Date
    ) {
        self.email = email
        self.name = name
        self.expectedStamp = expectedStamp
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
    public var keepingSession: String?

    public init(
        tokenDigest: String, name: String, passwordHash: String, consentVersion: String?, consentAccepted: Bool, at: Date,
        keepingSession: String? = nil
    ) {
        self.tokenDigest = tokenDigest
        self.name = name
        self.passwordHash = passwordHash
        self.consentVersion = consentVersion
        self.consentAccepted = consentAccepted
        self.at = at
        self.keepingSession = keepingSession
    }
}
