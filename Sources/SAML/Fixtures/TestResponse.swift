import Foundation

/// Everything a minted test Response says. Defaults describe a valid, solicited login at `issueInstant`.
public struct TestResponse: Sendable {
    public var issuer: String
    public var audience: String
    public var assertionConsumerServiceURL: String
    /// Response Destination; `nil` omits the attribute.
    public var destination: String?
    /// SubjectConfirmationData Recipient.
    public var recipient: String
    public var nameID: String
    public var nameIDFormat: String?
    public var attributes: [(name: String, values: [String])]
    public var inResponseTo: String?
    public var issueInstant: Date
    public var notBefore: Date
    public var notOnOrAfter: Date
    public var subjectNotOnOrAfter: Date
    public var statusCode: String
    public var sessionIndex: String
    public var responseID: String
    public var assertionID: String

    public init(
        issuer: String, audience: String, assertionConsumerServiceURL: String, nameID: String,
        nameIDFormat: String? = SAMLIdentifier.emailNameIDFormat, attributes: [(name: String, values: [String])] = [],
        inResponseTo: String? = nil, issueInstant: Date, validFor: TimeInterval = 300
    ) {
        self.issuer = issuer
        self.audience = audience
        self.assertionConsumerServiceURL = assertionConsumerServiceURL
        self.destination = assertionConsumerServiceURL
        self.recipient = assertionConsumerServiceURL
        self.nameID = nameID
        self.nameIDFormat = nameIDFormat
        self.attributes = attributes
        self.inResponseTo = inResponseTo
        self.issueInstant = issueInstant
        self.notBefore = issueInstant.addingTimeInterval(-60)
        self.notOnOrAfter = issueInstant.addingTimeInterval(validFor)
        self.subjectNotOnOrAfter = issueInstant.addingTimeInterval(validFor)
        self.statusCode = SAMLIdentifier.statusSuccess
        self.sessionIndex = AuthnRequest.makeID()
        self.responseID = AuthnRequest.makeID()
        self.assertionID = AuthnRequest.makeID()
    }

    /// The unsigned Response document, compact (no insignificant whitespace), prefixes `samlp`/`saml`.
    public var xml: String {
        let e = XMLText.escaped
        let time = SAMLDateTime.format
        // xs/xsi declared once at the root, as SimpleSAMLphp and Shibboleth do, for the xsi:type of values.
        var x = "<samlp:Response xmlns:samlp=\"\(SAMLNamespace.protocol)\" xmlns:saml=\"\(SAMLNamespace.assertion)\""
        x += " xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"\(SAMLNamespace.xsi)\""
        x += " ID=\"\(e(responseID))\" Version=\"2.0\" IssueInstant=\"\(time(issueInstant))\""
        if let destination { x += " Destination=\"\(e(destination))\"" }
        if let inResponseTo { x += " InResponseTo=\"\(e(inResponseTo))\"" }
        x += "><saml:Issuer>\(e(issuer))</saml:Issuer>"
        x += "<samlp:Status><samlp:StatusCode Value=\"\(e(statusCode))\"/></samlp:Status>"
        x += assertionXML
        return x + "</samlp:Response>"
    }

    /// The `saml:Assertion` element alone (it relies on the prefixes declared by the Response).
    var assertionXML: String {
        let e = XMLText.escaped
        let time = SAMLDateTime.format
        var x = "<saml:Assertion ID=\"\(e(assertionID))\" Version=\"2.0\" IssueInstant=\"\(time(issueInstant))\">"
        x += "<saml:Issuer>\(e(issuer))</saml:Issuer>"
        x += "<saml:Subject><saml:NameID"
        if let nameIDFormat { x += " Format=\"\(e(nameIDFormat))\"" }
        x += ">\(e(nameID))</saml:NameID>"
        x += "<saml:SubjectConfirmation Method=\"\(SAMLIdentifier.bearerConfirmation)\"><saml:SubjectConfirmationData"
        if let inResponseTo { x += " InResponseTo=\"\(e(inResponseTo))\"" }
        x += " NotOnOrAfter=\"\(time(subjectNotOnOrAfter))\" Recipient=\"\(e(recipient))\"/></saml:SubjectConfirmation></saml:Subject>"
        x += "<saml:Conditions NotBefore=\"\(time(notBefore))\" NotOnOrAfter=\"\(time(notOnOrAfter))\">"
        x += "<saml:AudienceRestriction><saml:Audience>\(e(audience))</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
        x += "<saml:AuthnStatement AuthnInstant=\"\(time(issueInstant))\" SessionIndex=\"\(e(sessionIndex))\">"
        x +=
            "<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
        if !attributes.isEmpty {
            x += "<saml:AttributeStatement>"
            for attribute in attributes {
                x += "<saml:Attribute Name=\"\(e(attribute.name))\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:basic\">"
                for value in attribute.values {
                    x += "<saml:AttributeValue xsi:type=\"xs:string\">\(e(value))</saml:AttributeValue>"
                }
                x += "</saml:Attribute>"
            }
            x += "</saml:AttributeStatement>"
        }
        return x + "</saml:Assertion>"
    }
}
