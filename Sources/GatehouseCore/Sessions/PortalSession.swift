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

    public init(contactID: Contact.ID, method: AuthenticationMethod, issuer: String? = nil, createdAt: Date, lastSeenAt: Date) {
        self.contactID = contactID
        self.method = method
        self.issuer = issuer
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }
}
