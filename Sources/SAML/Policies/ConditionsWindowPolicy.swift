import Foundation
import XMLSecurity

/// `Conditions` exist, their NotBefore/NotOnOrAfter window contains now (± the IdP's clock skew), and
/// every condition in them is one we understand (saml-core 2.5.1.1: an unknown condition makes the
/// assertion's validity indeterminate, which we treat as invalid).
struct ConditionsWindowPolicy: ClaimPolicy {
    static let understood: [StaticString] = ["AudienceRestriction", "OneTimeUse", "ProxyRestriction"]

    private static func isUnderstood(_ condition: XMLTreeElement) -> Bool {
        understood.contains { condition.is($0, in: SAMLNamespace.assertion) }
    }

    func check(_ response: SignedResponse, context: ValidationContext) -> SAMLError? {
        guard let conditions = response.parts.conditions else {
            return SAMLError(.audienceMissing, "The assertion has no Conditions, so no AudienceRestriction binds it to this SP.")
        }
        guard response.parts.conditionsCount == 1 else {
            return SAMLError(.assertionInvalid, "The assertion has more than one Conditions element.")
        }
        let now = context.now
        switch conditions.dateTime("NotBefore") {
        case .absent:
            break
        case .malformed(let raw):
            return SAMLError(.assertionInvalid, "Conditions NotBefore \(Quoted.value(raw)) is not an xs:dateTime.")
        case .instant(let notBefore):
            guard now >= notBefore.addingTimeInterval(-context.skew) else {
                return SAMLError(
                    .notYetValid,
                    "The assertion is valid from \(SAMLDateTime.format(notBefore)) but now is \(SAMLDateTime.format(now)) (skew \(Int(context.skew)) s); check the clocks of the IdP and this server."
                )
            }
        }
        switch conditions.dateTime("NotOnOrAfter") {
        case .absent:
            break
        case .malformed(let raw):
            return SAMLError(.assertionInvalid, "Conditions NotOnOrAfter \(Quoted.value(raw)) is not an xs:dateTime.")
        case .instant(let notOnOrAfter):
            guard now < notOnOrAfter.addingTimeInterval(context.skew) else {
                return SAMLError(
                    .expired,
                    "The assertion expired at \(SAMLDateTime.format(notOnOrAfter)); now is \(SAMLDateTime.format(now)) (skew \(Int(context.skew)) s)."
                )
            }
        }
        for condition in conditions.children where !Self.isUnderstood(condition) {
            return SAMLError(
                .conditionUnsupported, "The assertion carries the condition \(condition.localName), which Gatehouse does not evaluate.")
        }
        return nil
    }
}
