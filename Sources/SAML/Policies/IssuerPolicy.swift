import XMLSecurity

/// The Assertion's Issuer — and the Response's, when present — is the pinned IdP (saml-core 2.3.3,
/// saml-profiles 4.1.4.2), with the entity format if a format is given.
struct IssuerPolicy: ClaimPolicy {
    func check(_ response: SignedResponse, context: ValidationContext) -> SAMLError? {
        let expected = context.identityProvider.entityID
        guard let issuer = response.assertion.firstChild("Issuer", in: SAMLNamespace.assertion) else {
            return SAMLError(.issuerMismatch, "The Assertion has no Issuer; expected \(Quoted.value(expected)).")
        }
        if let problem = Self.problem(issuer, expected: expected, owner: "Assertion") { return problem }
        if let responseIssuer = response.response.firstChild("Issuer", in: SAMLNamespace.assertion),
            let problem = Self.problem(responseIssuer, expected: expected, owner: "Response")
        {
            return problem
        }
        return nil
    }

    private static func problem(_ issuer: XMLTreeElement, expected: String, owner: String) -> SAMLError? {
        let value = issuer.textContent.trimmingSAMLWhitespace
        guard value == expected else {
            return SAMLError(
                .issuerMismatch, "The \(owner) Issuer is \(Quoted.value(value)); this IdP is configured as \(Quoted.value(expected)).")
        }
        if let format = issuer.attribute("Format"), format != SAMLIdentifier.entityNameIDFormat {
            return SAMLError(.issuerMismatch, "The \(owner) Issuer has Format \(Quoted.value(format)); only the entity format is valid.")
        }
        return nil
    }
}

extension String {
    /// The value with leading and trailing XML whitespace removed (for element text such as Issuer
    /// and Audience, which some IdPs pretty-print).
    var trimmingSAMLWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
