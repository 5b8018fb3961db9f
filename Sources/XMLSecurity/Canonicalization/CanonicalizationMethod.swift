/// The canonicalization algorithms XMLSecurity runs (all via libxml2's C14N).
///
/// Exclusive C14N is what SAML implementations use; inclusive C14N 1.0 and 1.1 are accepted because
/// some IdPs (saml.oktadev.com, older Shibboleth) sign with them. No other transform exists here.
public enum CanonicalizationMethod: Sendable, Equatable {
    /// Exclusive XML Canonicalization 1.0, with an optional `InclusiveNamespaces PrefixList`.
    case exclusive(withComments: Bool, inclusivePrefixes: [String])
    /// Canonical XML 1.0.
    case inclusive10(withComments: Bool)
    /// Canonical XML 1.1.
    case inclusive11(withComments: Bool)

    public static let exclusiveURI = "http://www.w3.org/2001/10/xml-exc-c14n#"
    public static let exclusiveWithCommentsURI = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
    public static let inclusive10URI = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    public static let inclusive10WithCommentsURI = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"
    public static let inclusive11URI = "http://www.w3.org/2006/12/xml-c14n11"
    public static let inclusive11WithCommentsURI = "http://www.w3.org/2006/12/xml-c14n11#WithComments"

    public static let exclusive = CanonicalizationMethod.exclusive(withComments: false, inclusivePrefixes: [])

    /// The method an algorithm URI names, or `nil` when it is not a canonicalization this library runs.
    public init?(uri: String, inclusivePrefixes: [String] = []) {
        switch uri {
        case Self.exclusiveURI: self = .exclusive(withComments: false, inclusivePrefixes: inclusivePrefixes)
        case Self.exclusiveWithCommentsURI: self = .exclusive(withComments: true, inclusivePrefixes: inclusivePrefixes)
        case Self.inclusive10URI: self = .inclusive10(withComments: false)
        case Self.inclusive10WithCommentsURI: self = .inclusive10(withComments: true)
        case Self.inclusive11URI: self = .inclusive11(withComments: false)
        case Self.inclusive11WithCommentsURI: self = .inclusive11(withComments: true)
        default: return nil
        }
    }

    public var uri: String {
        switch self {
        case .exclusive(let comments, _): comments ? Self.exclusiveWithCommentsURI : Self.exclusiveURI
        case .inclusive10(let comments): comments ? Self.inclusive10WithCommentsURI : Self.inclusive10URI
        case .inclusive11(let comments): comments ? Self.inclusive11WithCommentsURI : Self.inclusive11URI
        }
    }

    public var withComments: Bool {
        switch self {
        case .exclusive(let comments, _), .inclusive10(let comments), .inclusive11(let comments): comments
        }
    }

    /// The same method with comments removed: what a bare-name reference (`URI="#id"`) gets,
    /// because dereferencing it drops comment nodes before any transform runs (xmldsig-core 4.3.3.3).
    public var withoutComments: CanonicalizationMethod {
        switch self {
        case .exclusive(_, let prefixes): .exclusive(withComments: false, inclusivePrefixes: prefixes)
        case .inclusive10: .inclusive10(withComments: false)
        case .inclusive11: .inclusive11(withComments: false)
        }
    }
}
