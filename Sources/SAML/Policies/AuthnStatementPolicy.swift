import XMLSecurity

/// The assertion states that the user authenticated (saml-profiles 4.1.4.2 requires an AuthnStatement).
struct AuthnStatementPolicy: ClaimPolicy {
    func check(_ response: SignedResponse, context: ValidationContext) -> SAMLError? {
        guard response.parts.authnStatement != nil else {
            return SAMLError(.authnStatementMissing, "The assertion has no AuthnStatement, so it does not attest a login.")
        }
        return nil
    }
}
