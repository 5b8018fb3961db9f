import XMLSecurity

/// The plaintext of an `EncryptedAssertion` is one `saml:Assertion` with an ID (saml-core 2.3.4).
struct DecryptedAssertionElementPolicy: StructurePolicy {
    func check(_ document: DocumentStructure) -> SAMLError? {
        let root = document.root
        guard root.is("Assertion", in: SAMLNamespace.assertion) else {
            return SAMLError(.encryptedAssertionInvalid, "The encrypted content is \(root.localName), not a saml:Assertion.")
        }
        return nil
    }
}
