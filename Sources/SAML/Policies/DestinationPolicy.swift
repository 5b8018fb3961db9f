import XMLSecurity

/// The Response's Destination is our ACS URL; it must be present when the Response is signed
/// (saml-bindings 3.5.5.2), so a response signed for another SP cannot be replayed here.
struct DestinationPolicy: ClaimPolicy {
    func check(_ response: SignedResponse, context: ValidationContext) -> SAMLError? {
        let acs = context.serviceProvider.assertionConsumerServiceURL
        if response.response.attribute("Destination", equals: acs) { return nil }
        guard let destination = response.response.attribute("Destination") else {
            guard !response.responseSigned else {
                return SAMLError(.destinationMismatch, "The signed Response has no Destination; expected \(Quoted.value(acs)).")
            }
            return nil
        }
        return SAMLError(
            .destinationMismatch,
            "The Response Destination is \(Quoted.value(destination)) but this SP's ACS URL is \(Quoted.value(acs)); check the ACS URL configured at the IdP."
        )
    }
}
