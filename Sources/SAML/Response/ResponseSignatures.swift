import XMLSecurity

/// Verifies every signature on the Response and on the Assertion with the IdP's pinned keys and
/// establishes that the assertion to be read is covered by at least one of them.
///
/// Placement has already been checked (``SignaturePlacementPolicy``), so a Response signature here is
/// a direct child of the document element and an Assertion signature a direct child of the one
/// assertion; ``EnvelopedSignature`` then requires each to reference its own parent. Either one
/// therefore covers the very assertion whose claims are read.
enum ResponseSignatures {
    static func verify(
        response: XMLTreeElement, assertion: XMLTreeElement, identityProvider: IdentityProvider
    ) throws(SAMLError) -> (responseSigned: Bool, assertionSigned: Bool) {
        let responseSigned = try verifySignature(of: response, location: "Response", identityProvider: identityProvider)
        let assertionSigned = try verifySignature(of: assertion, location: "Assertion", identityProvider: identityProvider)
        guard responseSigned || assertionSigned else {
            throw SAMLError(
                .unsigned, "Neither the Response nor the Assertion carries a signature; the IdP must sign at least one of them.")
        }
        return (responseSigned, assertionSigned)
    }

    private static func verifySignature(
        of element: XMLTreeElement, location: String, identityProvider: IdentityProvider
    ) throws(SAMLError) -> Bool {
        guard let signatureElement = element.firstChild("Signature", in: XMLSignatureNamespace.dsig) else { return false }
        do {
            let signature = try EnvelopedSignature(signatureElement)
            try signature.verify(with: identityProvider.signingKeys, policy: identityProvider.options.algorithmPolicy)
        } catch {
            var failure = SAMLError(signature: error, location: location)
            if error.code == .signatureMismatch, let signature = try? EnvelopedSignature(signatureElement) {
                failure = SAMLError(failure.code, failure.message + describeKeyInfo(signature, identityProvider))
            }
            throw failure
        }
        return true
    }

    /// Names the certificate the message carried (never trusted, only reported) so an admin can tell
    /// a key rollover from a forgery.
    private static func describeKeyInfo(_ signature: EnvelopedSignature, _ identityProvider: IdentityProvider) -> String {
        guard let embedded = signature.keyInfoCertificates.first, let certificate = try? X509Certificate(base64: embedded) else {
            return ""
        }
        let pinned = identityProvider.signingCertificates.contains { $0.der == certificate.der }
        return " The message's KeyInfo names \(certificate.subject) (SHA-256 \(certificate.sha256Fingerprint)), "
            + (pinned ? "which is pinned." : "which is not among the pinned certificates.")
    }
}
