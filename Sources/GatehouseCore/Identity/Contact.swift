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
    /// Portal admins reach the admin parts of the portal (issue 5) with their normal session.
    public var isPortalAdmin: Bool
    public var createdAt: Date

    public init(id: ID, email: EmailAddress, name: String, verified: Bool, isPortalAdmin: Bool = false, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.verified = verified
        self.isPortalAdmin = isPortalAdmin
        self.createdAt = createdAt
    }
}
