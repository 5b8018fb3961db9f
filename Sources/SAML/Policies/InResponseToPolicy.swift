import XMLSecurity

/// The Response answers the AuthnRequest this browser has outstanding, or is an unsolicited
/// (IdP-initiated) response for an IdP that allows them (saml-profiles 4.1.4.3, 4.1.5).
struct InResponseToPolicy: ClaimPolicy {
    func check(_ response: SignedResponse, context: ValidationContext) -> SAMLError? {
        let inResponseTo = response.response.attribute("InResponseTo")
        switch (inResponseTo, context.expectedRequestID) {
        case (let received?, let expected?):
            guard received == expected else {
                return SAMLError(
                    .inResponseToMismatch,
                    "The Response answers request \(Quoted.value(received)) but this login is waiting for \(Quoted.value(expected)).")
            }
            return nil
        case (let received?, nil):
            return SAMLError(
                .inResponseToMismatch,
                "The Response answers request \(Quoted.value(received)), which this SP did not issue or which has expired; start the login again.")
        case (nil, _):
            guard context.identityProvider.options.allowsUnsolicited else {
                return SAMLError(
                    .unsolicitedNotAllowed,
                    "The Response answers no AuthnRequest (IdP-initiated login), which is not allowed for \(Quoted.value(context.identityProvider.entityID))."
                )
            }
            return nil
        }
    }
}
