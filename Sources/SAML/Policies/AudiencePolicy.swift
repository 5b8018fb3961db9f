import XMLSecurity

/// Every `AudienceRestriction` names our entityID, and there is at least one (saml-core 2.5.1.4:
/// several restrictions must all hold; saml-profiles 4.1.4.2 requires one naming the SP).
struct AudiencePolicy: ClaimPolicy {
    func check(_ response: SignedResponse, context: ValidationContext) -> SAMLError? {
        let a = SAMLNamespace.assertion
        let entityID = context.serviceProvider.entityID
        guard let restrictions = response.parts.conditions?.children("AudienceRestriction", in: a), !restrictions.isEmpty else {
            return SAMLError(.audienceMissing, "The assertion has no AudienceRestriction; it could be meant for any SP.")
        }
        let mismatched = restrictions.first { restriction in
            !restriction.children("Audience", in: a).contains { $0.trimmedTextEquals(entityID) }
        }
        guard let mismatched else { return nil }
        let found = mismatched.children("Audience", in: a).map { Quoted.value($0.textContent.trimmingSAMLWhitespace) }.joined(separator: ", ")
        return SAMLError(
            .audienceMismatch,
            "The assertion is for audience \(found.isEmpty ? "(none)" : found), not this SP's entityID \(Quoted.value(entityID)); check the SP entityID configured at the IdP."
        )
    }
}
