import XMLSecurity

/// Exactly one assertion, plain or encrypted, as a direct child of the Response — nothing hidden in
/// `Extensions`, `Advice`, `ds:Object`, a nested Response or an unknown element.
///
/// Every published XML signature wrapping variant (XSW1–8, Somorovsky et al. 2012) needs a second
/// assertion or a relocated one; refusing both shapes stops them before signatures are even checked.
struct SingleAssertionPolicy: StructurePolicy {
    func check(_ document: DocumentStructure) -> SAMLError? {
        let root = document.root
        if let nested = document.nestedResponses.first {
            return SAMLError(
                .assertionWrapped,
                "A Response (ID \(Quoted.value(nested.attribute("ID")))) is nested inside \(nested.parent?.localName ?? "the document") at line \(nested.line); a genuine response is never wrapped."
            )
        }
        for assertion in document.assertions where assertion.parent?.isSameNode(as: root) != true || !root.is("Response", in: SAMLNamespace.protocol)
        {
            return SAMLError(
                .assertionWrapped,
                "An \(assertion.localName) (ID \(Quoted.value(assertion.attribute("ID")))) sits inside \(assertion.parent?.localName ?? "?") at line \(assertion.line); assertions must be direct children of the Response."
            )
        }
        guard root.is("Response", in: SAMLNamespace.protocol) else { return nil }
        switch document.assertions.count {
        case 0:
            // No assertion at all: report the IdP's own status when it is a failure (an unsigned status
            // only ever produces a rejection, never an acceptance).
            if let status = StatusPolicy.failure(in: root, unsigned: true) { return status }
            return SAMLError(.assertionMissing, "The Response carries no Assertion or EncryptedAssertion.")
        case 1:
            return nil
        default:
            let ids = document.assertions.map { Quoted.value($0.attribute("ID")) }.joined(separator: ", ")
            return SAMLError(
                .multipleAssertions,
                "The Response carries \(document.assertions.count) assertions (IDs \(ids)); exactly one is accepted, so an injected assertion can never be the one read."
            )
        }
    }
}
