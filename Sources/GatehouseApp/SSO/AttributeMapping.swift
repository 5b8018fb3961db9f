import GatehouseCore
import SAML

/// Which assertion attributes carry a person's email and name.
///
/// With no attribute configured, the common names used by Entra ID / ADFS (claim URIs), Okta,
/// Shibboleth (OIDs), Keycloak and SimpleSAMLphp are tried in order; a configured attribute is the
/// only one read, so an IdP cannot be surprised by a second attribute it lets users edit.
public struct AttributeMapping: Sendable, Equatable {
    public var emailAttribute: String?
    public var nameAttribute: String?

    public init(emailAttribute: String? = nil, nameAttribute: String? = nil) {
        self.emailAttribute = emailAttribute
        self.nameAttribute = nameAttribute
    }

    static let commonEmailAttributes = [
        "email", "mail", "emailAddress", "Email", "urn:oid:0.9.2342.19200300.100.1.3",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    ]
    static let commonNameAttributes = [
        "displayName", "name", "cn", "urn:oid:2.16.840.1.113730.3.1.241", "urn:oid:2.5.4.3",
        "http://schemas.microsoft.com/identity/claims/displayname", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
    ]

    /// The identity a verified assertion vouches for, as the sign-in service consumes it.
    public func identity(from assertion: VerifiedAssertion) -> AssertedIdentity {
        AssertedIdentity(
            identity: ExternalIdentity(kind: .saml, issuer: assertion.identityProvider, subject: assertion.nameID), method: .saml,
            email: email(from: assertion), name: name(from: assertion))
    }

    func email(from assertion: VerifiedAssertion) -> EmailAddress? {
        if let emailAttribute {
            return Self.single(assertion.values(of: emailAttribute)).flatMap(EmailAddress.init)
        }
        for attribute in Self.commonEmailAttributes {
            if let value = Self.single(assertion.values(of: attribute)) { return EmailAddress(value) }
        }
        // An emailAddress-format NameID is the address itself (SAML core 8.3.2).
        if assertion.nameIDFormat == SAMLIdentifier.emailNameIDFormat { return EmailAddress(assertion.nameID) }
        return nil
    }

    func name(from assertion: VerifiedAssertion) -> String? {
        let candidates = nameAttribute.map { [$0] } ?? Self.commonNameAttributes
        for attribute in candidates {
            if let value = assertion.values(of: attribute).first, !value.isEmpty { return value }
        }
        let given = assertion.values(of: "givenName").first ?? assertion.values(of: "urn:oid:2.5.4.42").first
        let family = assertion.values(of: "sn").first ?? assertion.values(of: "urn:oid:2.5.4.4").first
        let joined = [given, family].compactMap { $0 }.joined(separator: " ")
        return joined.isEmpty ? nil : joined
    }

    /// The value when the attribute has exactly one: an email attribute with several values is ambiguous.
    private static func single(_ values: [String]) -> String? {
        values.count == 1 ? values[0] : nil
    }
}
