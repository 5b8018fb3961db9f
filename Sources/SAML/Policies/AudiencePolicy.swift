import XMLSecurity

/// Every `AudienceRestriction` names our entityID, and there is at least one (saml-core 2.5.1.4:
/// several restrictions must all hold; saml-profiles 4.1.4.2 requires one naming the SP).
struct AudiencePolicy: ClaimPolicy {
    func check(_ response: SignedResponse, context: ValidationContext) -> SAMLError? {
        let a = SAMLNamespace.assertion
        let entityID = context.serviceProvider.entityID
        let restrictions = response.assertion.firstChild("Conditions", in: a)?.children("AudienceRestriction", in: a) ?? []
        guard !restrictions.isEmpty else {
            return SAMLError(.audienceMissing, "The assertion has no AudienceRestriction; it could be meant for any SP.")
        }
        for restriction in restrictions {
            let audiences = restriction.children("Audience", in: a).map(\.textContent.trimmingSAMLWhitespace)
            guard audiences.contains(entityID) else {
                let found = audiences.map { Quoted.value($0) }.joined(separator: ", ")
                return SAMLError(
                    .audienceMismatch,
                    "The assertion is for audience \(found.isEmpty ? "(none)" : found), not this SP's entityID \(Quoted.value(entityID)); check the SP entityID configured at the IdP.")
            }
        }
        return nil
    }
}
