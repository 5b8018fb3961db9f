import XMLSecurity

/// The Subject carries a plain, non-empty `NameID` (an `EncryptedID` is refused by name).
struct NameIDPolicy: ClaimPolicy {
    func check(_ response: SignedResponse, context: ValidationContext) -> SAMLError? {
        let a = SAMLNamespace.assertion
        guard let subject = response.parts.subject else {
            return SAMLError(.nameIDMissing, "The assertion has no Subject.")
        }
        guard let nameID = subject.firstChild("NameID", in: a) else {
            if subject.firstChild("EncryptedID", in: a) != nil {
                return SAMLError(.nameIDMissing, "The Subject carries an EncryptedID; configure the IdP to send a plain NameID.")
            }
            return SAMLError(.nameIDMissing, "The Subject has no NameID.")
        }
        guard !nameID.textContent.trimmingSAMLWhitespace.isEmpty else {
            return SAMLError(.nameIDMissing, "The NameID is empty.")
        }
        return nil
    }
}
