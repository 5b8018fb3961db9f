/// Namespace URIs from the SAML 2.0 specifications (static: element names are matched against them).
public enum SAMLNamespace {
    public static let assertion: StaticString = "urn:oasis:names:tc:SAML:2.0:assertion"
    public static let `protocol`: StaticString = "urn:oasis:names:tc:SAML:2.0:protocol"
    public static let metadata: StaticString = "urn:oasis:names:tc:SAML:2.0:metadata"
    public static let xsi: StaticString = "http://www.w3.org/2001/XMLSchema-instance"
}

/// Fixed identifiers (saml-core 3.2.2.2, 8.3; saml-bindings 3.4, 3.5; saml-profiles 3.3).
public enum SAMLIdentifier {
    public static let statusSuccess = "urn:oasis:names:tc:SAML:2.0:status:Success"
    public static let bearerConfirmation = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
    public static let entityNameIDFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
    public static let emailNameIDFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    public static let persistentNameIDFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
    public static let transientNameIDFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
    public static let unspecifiedNameIDFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
    public static let httpPostBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    public static let httpRedirectBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    public static let protocolSupport = "urn:oasis:names:tc:SAML:2.0:protocol"
}
