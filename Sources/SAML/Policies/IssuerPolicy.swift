import XMLSecurity

/// The Assertion's Issuer — and the Response's, when present — is the pinned IdP (saml-core 2.3.3,
/// saml-profiles 4.1.4.2), with the entity format if a format is given.
struct IssuerPolicy: ClaimPolicy {
    func check(_ response: SignedResponse, context: ValidationContext) -> SAMLError? {
        let expected = context.identityProvider.entityID
        guard let issuer = response.parts.issuer else {
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
        guard issuer.trimmedTextEquals(expected) else {
            let value = issuer.textContent.trimmingSAMLWhitespace
            return SAMLError(
                .issuerMismatch, "The \(owner) Issuer is \(Quoted.value(value)); this IdP is configured as \(Quoted.value(expected)).")
        }
        if !issuer.attribute("Format", equals: SAMLIdentifier.entityNameIDFormat), let format = issuer.attribute("Format") {
            return SAMLError(.issuerMismatch, "The \(owner) Issuer has Format \(Quoted.value(format)); only the entity format is valid.")
        }
        return nil
    }
}

extension String {
    /// The value with leading and trailing XML whitespace removed (for element text such as Issuer
    /// and Audience, which some IdPs pretty-print).
    var trimmingSAMLWhitespace: String {
        // On UTF-8 code units: XML whitespace is ASCII, and Character iteration is needlessly slow.
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) else { return self }
        guard let start = utf8.firstIndex(where: { !isSpace($0) }), let end = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
