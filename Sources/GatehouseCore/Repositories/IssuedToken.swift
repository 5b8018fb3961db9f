import Foundation

/// A single-use, expiring link sent by email (registration, invitation, password reset). Only a SHA-256
/// digest of the token is stored; ``MembershipStore`` issues and consumes them.
public struct IssuedToken: Sendable, Equatable {
    public enum Purpose: String, Sendable, Codable {
        case registration
        case invitation
        case passwordReset = "password_reset"
    }

    public var digest: String
    public var purpose: Purpose
    public var email: EmailAddress
    public var contactID: Contact.ID?
    public var listID: ContactList.ID?
    /// A password hash chosen before the link was used. Only tokens of older releases have one: a
    /// registration's password is now chosen on the link's page, by whoever holds the mailbox.
    public var passwordHash: String?
    /// A registration's name: it becomes the contact's when the link is used.
    public var name: String?
    /// The contact's ``Contact/securityStamp`` when the token was issued (0 when no contact existed yet):
    /// the token works only while the account is still in that state.
    public var securityStamp: Int
    public var expiresAt: Date
    public var createdAt: Date

    public init(
        digest: String, purpose: Purpose, email: EmailAddress, contactID: Contact.ID?, listID: ContactList.ID? = nil, passwordHash: String? = nil,
        name: String? = nil, securityStamp: Int = 0, expiresAt: Date, createdAt: Date
    ) {
        self.digest = digest
        self.purpose = purpose
        self.email = email
        self.contactID = contactID
        self.listID = listID
        self.passwordHash = passwordHash
        self.name = name
        self.securityStamp = securityStamp
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }
}
