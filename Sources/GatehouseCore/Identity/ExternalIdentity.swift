/// An identity asserted by someone else: a SAML IdP's NameID, or a JWT app's subject.
public struct ExternalIdentity: Hashable, Sendable {
    public enum Kind: String, Sendable, Codable {
        case saml
        case jwt
    }

    public var kind: Kind
    /// The IdP entityID or the JWT app identifier.
    public var issuer: String
    /// The NameID or `sub`.
    public var subject: String

    public init(kind: Kind, issuer: String, subject: String) {
        self.kind = kind
        self.issuer = issuer
        self.subject = subject
    }
}

/// What an IdP or JWT app says about the person, after its signature and claims were verified.
public struct AssertedIdentity: Sendable, Equatable {
    public var identity: ExternalIdentity
    public var method: AuthenticationMethod
    /// The email the issuer vouches for, when its configuration maps one.
    public var email: EmailAddress?
    public var name: String?

    public init(identity: ExternalIdentity, method: AuthenticationMethod, email: EmailAddress?, name: String?) {
        self.identity = identity
        self.method = method
        self.email = email
        self.name = name
    }
}
