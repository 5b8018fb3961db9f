import GatehouseCore
import SAML

/// An IdP ready for sign-ins: its verified-metadata view for the SAML layer, plus what the gateway needs
/// around it (button label, where to send AuthnRequests, which attributes carry email and name).
public struct ConfiguredIdentityProvider: Sendable {
    /// Short name used in `/saml/login?idp=` and on the sign-in button.
    public let name: String
    public let displayName: String
    public let identityProvider: IdentityProvider
    /// The SingleSignOnService for the HTTP-Redirect binding, preferred for AuthnRequests.
    public let redirectURL: String?
    /// The SingleSignOnService for the HTTP-POST binding, used when there is no Redirect one (Google
    /// Workspace, OneLogin). With neither, the IdP can only sign people in IdP-initiated, where allowed.
    public let postURL: String?
    public let wantsSignedRequests: Bool
    public let attributes: AttributeMapping

    public init(
        name: String, displayName: String, identityProvider: IdentityProvider, redirectURL: String?, postURL: String? = nil,
        wantsSignedRequests: Bool, attributes: AttributeMapping
    ) {
        self.name = name
        self.displayName = displayName
        self.identityProvider = identityProvider
        self.redirectURL = redirectURL
        self.postURL = postURL
        self.wantsSignedRequests = wantsSignedRequests
        self.attributes = attributes
    }

    public var entityID: String { identityProvider.entityID }

    /// Whether SP-initiated sign-in can start here (a Redirect or POST SingleSignOnService).
    public var acceptsAuthnRequests: Bool { redirectURL != nil || postURL != nil }

    /// Builds one from metadata XML and its options; errors say what is wrong with the metadata.
    public static func parse(
        name: String, displayName: String, metadata: [UInt8], options: IdentityProvider.Options, emailAttribute: String?, nameAttribute: String?
    ) throws(SAMLError) -> ConfiguredIdentityProvider {
        let parsed = try IdentityProviderMetadata.parse(metadata)
        return ConfiguredIdentityProvider(
            name: name, displayName: displayName, identityProvider: try IdentityProvider(metadata: parsed, options: options),
            redirectURL: parsed.singleSignOnServices[SAMLIdentifier.httpRedirectBinding],
            postURL: parsed.singleSignOnServices[SAMLIdentifier.httpPostBinding], wantsSignedRequests: parsed.wantsAuthnRequestsSigned,
            attributes: AttributeMapping(emailAttribute: emailAttribute, nameAttribute: nameAttribute))
    }
}
