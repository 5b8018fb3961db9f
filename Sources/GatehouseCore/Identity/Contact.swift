import Foundation

/// A person who may use the portal: one per email address.
public struct Contact: Sendable, Equatable, Identifiable {
    public typealias ID = Int64

    public var id: ID
    public var email: EmailAddress
    public var name: String
    /// Whether the email address was proven: by a verification link, an invitation, or an IdP/app
    /// trusted to assert it. Unverified contacts cannot sign in.
    public var verified: Bool
    /// Portal admins pass every audience rule and work the agent inbox.
    public var isPortalAdmin: Bool
    /// Agents work the agent inbox (every ticket, internal notes) with their normal session.
    public var isAgent: Bool
    public var createdAt: Date
    /// The version of the account's credentials: it grows whenever the password is set (by any path) or
    /// a new sign-in identity is linked. Email links and sessions remember the stamp they were made under
    /// and stop working once it moves on, so no older link or session outlives a change of the account.
    public var securityStamp: Int

    public init(
        id: ID, email: EmailAddress, name: String, verified: Bool, isPortalAdmin: Bool = false, isAgent: Bool = false, createdAt: Date,
        securityStamp: Int = 0
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.verified = verified
        self.isPortalAdmin = isPortalAdmin
        self.isAgent = isAgent
        self.createdAt = createdAt
        self.securityStamp = securityStamp
    }

    /// Whether the contact may use the agent inbox.
    public var worksTickets: Bool { isAgent || isPortalAdmin }
}
