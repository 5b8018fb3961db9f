import XMLSecurity

/// A check on the content of a response whose assertion has passed signature verification.
protocol ClaimPolicy: Sendable {
    /// `nil` when the response passes, otherwise the reason it is refused.
    func check(_ response: SignedResponse, context: ValidationContext) -> SAMLError?
}
