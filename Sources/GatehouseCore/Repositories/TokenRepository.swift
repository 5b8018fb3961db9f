import Foundation

/// Single-use, expiring tokens sent by email. Only a SHA-256 digest of each token is stored.
public protocol TokenRepository: Sendable {
    func issue(_ token: IssuedToken) async throws
    /// Marks the token used and returns it, if it exists for `purpose`, is unused and unexpired: atomically,
    /// so a token can never be consumed twice.
    func consume(digest: String, purpose: IssuedToken.Purpose, at: Date) async throws -> IssuedToken?
}

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
    /// A registration's password hash and name: they become the contact's only when this token is
    /// used, so a second registration of a pending address cannot change what the first link activates.
    public var passwordHash: String?
    public var name: String?
    public var expiresAt: Date
    public var createdAt: Date

    public init(
        digest: String, purpose: Purpose, email: EmailAddress, contactID: Contact.ID?, listID: ContactList.ID? = nil, passwordHash: String? = nil,
        name: String? = nil, expiresAt: Date, createdAt: Date
    ) {
        self.digest = digest
        self.purpose = purpose
        self.email = email
        self.contactID = contactID
        self.listID = listID
        self.passwordHash = passwordHash
        self.name = name
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }
}
