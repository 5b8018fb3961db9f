/// How a person proved who they are; each has its own audience rule, metrics label and audit entry.
public enum AuthenticationMethod: String, Sendable, Codable, CaseIterable {
    case password
    case saml
    case jwt
}
