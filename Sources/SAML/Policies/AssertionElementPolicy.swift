import XMLSecurity

/// The assertion is SAML 2.0 and has an ID (saml-core 2.3.3): the ID is what a signature references
/// and what the replay cache remembers.
struct AssertionElementPolicy: StructurePolicy {
    func check(_ document: DocumentStructure) -> SAMLError? {
        let root = document.root
        let assertion = root.is("Assertion", in: SAMLNamespace.assertion) ? root : document.assertion
        guard let assertion, assertion.is("Assertion", in: SAMLNamespace.assertion) else { return nil }
        guard assertion.attribute("Version", equals: "2.0") else {
            return SAMLError(
                .assertionInvalid, "The Assertion has Version \(Quoted.value(assertion.attribute("Version"))); only SAML 2.0 is accepted.")
        }
        guard let id = assertion.attribute("ID"), !id.isEmpty else {
            return SAMLError(.assertionInvalid, "The Assertion has no ID attribute.")
        }
        return nil
    }
}
