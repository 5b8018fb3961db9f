import XMLSecurity

/// At least one bearer SubjectConfirmation is addressed to our ACS, unexpired and bound to our request.
struct BearerConfirmationPolicy: ClaimPolicy {
    func check(_ response: SignedResponse, context: ValidationContext) -> SAMLError? {
        if case .failure(let error) = response.bearerConfirmation(context) {
            return error
        }
        return nil
    }
}
