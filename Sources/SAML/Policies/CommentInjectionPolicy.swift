import XMLSecurity

/// No comment or processing instruction inside the NameID or any AttributeValue.
///
/// Canonicalization drops comments, so `admin@evil.com<!---->.example.org` keeps a valid signature
/// while a parser reading only the first text node sees another identity (CVE-2018-7340 and kin).
/// Gatehouse reads the full text anyway; refusing the shape outright makes the attempt visible.
struct CommentInjectionPolicy: ClaimPolicy {
    func check(_ response: SignedResponse, context: ValidationContext) -> SAMLError? {
        // The structure scan already saw every node: without any comment in the document, nothing to do.
        guard response.mayContainComments else { return nil }
        let a = SAMLNamespace.assertion
        if let nameID = response.parts.nameID,
            nameID.containsCommentOrProcessingInstruction
        {
            return SAMLError(
                .commentInjection,
                "The NameID contains an XML comment or processing instruction (read in full it is \(Quoted.value(nameID.textContent))); no genuine IdP emits that."
            )
        }
        for statement in response.parts.attributeStatements {
            for attribute in statement.children("Attribute", in: a) {
                for value in attribute.children("AttributeValue", in: a) where value.containsCommentOrProcessingInstruction {
                    return SAMLError(
                        .commentInjection,
                        "A value of attribute \(Quoted.value(attribute.attribute("Name"))) contains an XML comment or processing instruction.")
                }
            }
        }
        return nil
    }
}
