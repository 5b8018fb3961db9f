import XMLSecurity

/// Every `ds:Signature` is a direct child of the Response or of the Assertion, at most one each.
///
/// A signature anywhere else (inside `Advice`, `Extensions`, an attribute value) can only be there to
/// mislead a verifier that looks for "a" valid signature.
struct SignaturePlacementPolicy: StructurePolicy {
    func check(_ document: DocumentStructure) -> SAMLError? {
        let root = document.root
        var allowedParents = [root]
        if let assertion = document.assertion, assertion.is("Assertion", in: SAMLNamespace.assertion) {
            allowedParents.append(assertion)
        }
        var signedParents: [XMLTreeElement] = []
        for signature in document.signatures {
            guard let parent = signature.parent, allowedParents.contains(where: { $0.isSameNode(as: parent) }) else {
                return SAMLError(
                    .signatureMisplaced,
                    "A Signature sits inside \(signature.parent?.localName ?? "?") at line \(signature.line); signatures are only accepted directly inside the Response or the Assertion."
                )
            }
            guard !signedParents.contains(where: { $0.isSameNode(as: parent) }) else {
                return SAMLError(.signatureMisplaced, "\(parent.localName) carries more than one Signature.")
            }
            signedParents.append(parent)
        }
        return nil
    }
}
