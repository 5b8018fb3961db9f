import XMLSecurity

/// The top-level StatusCode is Success (saml-core 3.2.2.2); otherwise the IdP's own status is reported.
struct StatusPolicy: ClaimPolicy {
    func check(_ response: SignedResponse, context: ValidationContext) -> SAMLError? {
        Self.failure(in: response.response, unsigned: !response.responseSigned)
    }

    /// The rejection for a non-success status, or `nil` for Success.
    static func failure(in response: XMLTreeElement, unsigned: Bool) -> SAMLError? {
        let p = SAMLNamespace.protocol
        guard let status = response.firstChild("Status", in: p), let code = status.firstChild("StatusCode", in: p) else {
            return SAMLError(.statusNotSuccess, "The Response has no Status/StatusCode.")
        }
        guard !code.attribute("Value", equals: SAMLIdentifier.statusSuccess) else { return nil }
        let value = code.attribute("Value")
        var detail = "The IdP returned status \(Quoted.value(value))"
        if let second = code.firstChild("StatusCode", in: p)?.attribute("Value") {
            detail += " / \(Quoted.value(second))"
        }
        if let message = status.firstChild("StatusMessage", in: p)?.textContent.trimmingSAMLWhitespace, !message.isEmpty {
            detail += " with message \(Quoted.value(message))"
        }
        detail += unsigned ? " (status not signed)." : "."
        return SAMLError(.statusNotSuccess, detail + " The login failed at the IdP; see its logs for the user.")
    }
}
