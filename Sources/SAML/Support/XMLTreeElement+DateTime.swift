import Foundation
import XMLSecurity

/// A timestamp attribute as SAML policies need it: absent, malformed (with the raw text for the
/// message), or an instant.
enum DateTimeAttribute {
    case absent
    case malformed(String)
    case instant(Date)
}

extension XMLTreeElement {
    /// The attribute `name` read as an xs:dateTime, parsed in place without building a String.
    func dateTime(_ name: StaticString) -> DateTimeAttribute {
        guard let parsed = withAttributeBytes(name, SAMLDateTime.parse(utf8:)) else { return .absent }
        guard let instant = parsed else { return .malformed(attribute(name) ?? "") }
        return .instant(instant)
    }
}
