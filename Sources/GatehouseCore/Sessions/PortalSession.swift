import Foundation

/// What the server keeps for a signed-in browser. The session id itself lives only in the cookie;
/// the store keys this record by the id's digest.
public struct PortalSession: Codable, Sendable, Equatable {
    public var contactID: Contact.ID
    public var method: AuthenticationMethod
    /// The IdP entityID or JWT app that vouched, for audit and logout.
    public var issuer: String?
    public var createdAt: Date
    public var lastSeenAt: Date
    /// The contact's ``Contact/securityStamp`` when the session began (absent in sessions of older
    /// releases, which count as 0): once the password changes, the session no longer opens pages.
    public var securityStamp: Int?

    public init(
        contactID: Contact.ID, method: AuthenticationMethod, issuer: String? = nil, createdAt: Date, lastSeenAt: Date, securityStamp: Int = 0
    ) {
        self.contactID = contactID
        self.method = method
        self.issuer = issuer
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.securityStamp = securityStamp
    }

    /// Whether the account's credentials are still those the session began with.
    public func isCurrent(for contact: Contact) -> Bool {
        contact.id == contactID && (securityStamp ?? 0) == contact.securityStamp
    }
}
