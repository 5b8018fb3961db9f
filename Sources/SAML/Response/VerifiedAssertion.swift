import Foundation
import XMLSecurity

/// The identity a verified assertion vouches for: everything downstream (session, contact mapping,
/// audience rules) reads this value and never the XML.
public struct VerifiedAssertion: Sendable, Equatable, Codable {
    public struct Attribute: Sendable, Equatable, Codable {
        public var name: String
        public var friendlyName: String?
        public var values: [String]
    }

    /// The Issuer: the IdP's entityID.
    public var identityProvider: String
    public var assertionID: String
    /// The full NameID text (never cut at a comment).
    public var nameID: String
    /// The NameID Format attribute, `nil` when absent.
    public var nameIDFormat: String?
    public var sessionIndex: String?
    public var authnInstant: Date?
    /// Attributes in document order; repeated `Attribute` elements with one Name are merged.
    public var attributes: [Attribute]
    /// The earliest of Conditions NotOnOrAfter and the bearer confirmation's NotOnOrAfter.
    public var validUntil: Date

    /// Values of the attribute named `name` (empty when absent).
    public func values(of name: String) -> [String] {
        attributes.first { $0.name == name }?.values ?? []
    }

    /// All attributes as name → values.
    public var attributeDictionary: [String: [String]] {
        Dictionary(attributes.map { ($0.name, $0.values) }, uniquingKeysWith: +)
    }

    /// Reads the identity out of a response that passed every policy.
    init(_ response: SignedResponse, confirmation: BearerConfirmation, context: ValidationContext) throws(SAMLError) {
        let a = SAMLNamespace.assertion
        let assertion = response.assertion
        identityProvider = context.identityProvider.entityID
        assertionID = assertion.attribute("ID") ?? ""
        let parts = response.parts
        let nameIDElement = parts.nameID
        nameID = nameIDElement?.textContent.trimmingSAMLWhitespace ?? ""
        nameIDFormat = nameIDElement?.attribute("Format")

        let authn = parts.authnStatement
        sessionIndex = authn?.attribute("SessionIndex")
        switch authn?.dateTime("AuthnInstant") ?? .absent {
        case .absent:
            authnInstant = nil
        case .malformed(let raw):
            throw SAMLError(.assertionInvalid, "AuthnInstant \(Quoted.value(raw)) is not an xs:dateTime.")
        case .instant(let instant):
            authnInstant = instant
        }

        var attributes: [Attribute] = []
        for statement in parts.attributeStatements {
            for element in statement.children("Attribute", in: a) {
                guard let name = element.attribute("Name"), !name.isEmpty else {
                    throw SAMLError(.assertionInvalid, "An Attribute has no Name.")
                }
                let values = element.children("AttributeValue", in: a).map(Self.value)
                if let index = attributes.firstIndex(where: { $0.name == name }) {
                    attributes[index].values += values
                } else {
                    attributes.append(Attribute(name: name, friendlyName: element.attribute("FriendlyName"), values: values))
                }
            }
        }
        self.attributes = attributes

        var ends: [Date] = []
        if let end = confirmation.notOnOrAfter { ends.append(end) }
        if case .instant(let end) = parts.conditions?.dateTime("NotOnOrAfter") {
            ends.append(end)
        }
        // The bearer policy guarantees a NotOnOrAfter.
        validUntil = ends.min() ?? context.now
    }

    /// An AttributeValue's text; a value that is itself an element (eduPersonTargetedID carries a
    /// NameID) yields that element's text rather than the surrounding whitespace.
    private static func value(_ element: XMLTreeElement) -> String {
        if let child = element.firstChildElement {
            return child.textContent.trimmingSAMLWhitespace
        }
        return element.textContent
    }
}
