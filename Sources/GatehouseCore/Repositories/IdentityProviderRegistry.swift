import Foundation

/// SAML IdPs added by admins at run time (`gatehouse idp add`); a running server rereads them.
public protocol IdentityProviderRegistry: Sendable {
    /// Adds or replaces the IdP with this entityID.
    func save(_ provider: StoredIdentityProvider) async throws
    /// Whether an IdP was removed.
    func remove(entityID: String) async throws -> Bool
    func all() async throws -> [StoredIdentityProvider]
    /// A value that changes whenever an IdP is added, replaced or removed, cheap enough to ask per login.
    func revision() async throws -> String
}

public struct StoredIdentityProvider: Sendable, Equatable {
    public var entityID: String
    /// The short name used in URLs (`/saml/login?idp=name`) and on the sign-in button.
    public var name: String
    public var metadataXML: String
    public var allowsUnsolicited: Bool
    public var allowsSHA1: Bool
    public var clockSkew: Double
    public var emailAttribute: String?
    public var nameAttribute: String?
    public var addedAt: Date

    public init(
        entityID: String, name: String, metadataXML: String, allowsUnsolicited: Bool = false, allowsSHA1: Bool = false,
        clockSkew: Double = 90, emailAttribute: String? = nil, nameAttribute: String? = nil, addedAt: Date
    ) {
        self.entityID = entityID
        self.name = name
        self.metadataXML = metadataXML
        self.allowsUnsolicited = allowsUnsolicited
        self.allowsSHA1 = allowsSHA1
        self.clockSkew = clockSkew
        self.emailAttribute = emailAttribute
        self.nameAttribute = nameAttribute
        self.addedAt = addedAt
    }
}
