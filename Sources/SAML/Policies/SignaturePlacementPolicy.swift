import XMLSecurity

/// Every `ds:Signature` is a direct child of the Response or of the Assertion, at most one each.
///
/// A signature anywhere else (inside `Advice`, `Extensions`, an attribute value) can only be there to
/// mislead a verifier that looks for "a" valid signature.
struct SignaturePlacementPolicy: StructurePolicy {
    func check(_ document: DocumentStructure) -> SAMLError? {
        let root = document.root
        let assertion = document.assertion.flatMap { $0.is("Assertion", in: SAMLNamespace.assertion) ? $0 : nil }
        var rootSigned = false
        var assertionSigned = false
        for signature in document.signatures {
            let parent = signature.parent
            if let parent, parent.isSameNode(as: root), !rootSigned {
                rootSigned = true
            } else if let parent, let assertion, parent.isSameNode(as: assertion), !assertionSigned {
                assertionSigned = true
            } else if let parent, parent.isSameNode(as: root) || assertion?.isSameNode(as: parent) == true {
                return SAMLError(.signatureMisplaced, "\(parent.localName) carries more than one Signature.")
            } else {
                return SAMLError(
                    .signatureMisplaced,
                    "A Signature sits inside \(parent?.localName ?? "?") at line \(signature.line); signatures are only accepted directly inside the Response or the Assertion."
                )
            }
        }
        return nil
    }
}
