import XMLSecurity

/// The document element is a SAML 2.0 `samlp:Response` with an ID (saml-core 3.2.2).
struct ResponseElementPolicy: StructurePolicy {
    func check(_ document: DocumentStructure) -> SAMLError? {
        let root = document.root
        guard root.is("Response", in: SAMLNamespace.protocol) else {
            return SAMLError(
                .notAResponse, "The document element is {\(root.namespaceURI ?? "")}\(root.localName), not a samlp:Response.")
        }
        guard root.attribute("Version", equals: "2.0") else {
            return SAMLError(.notAResponse, "The Response has Version \(Quoted.value(root.attribute("Version"))); only SAML 2.0 is accepted.")
        }
        guard !root.attribute("ID", equals: ""), root.attribute("ID") != nil else {
            return SAMLError(.notAResponse, "The Response has no ID attribute.")
        }
        return nil
    }
}
