import XMLSecurity

extension AuthnRequest {
    /// The `SAMLRequest` form value for the HTTP-POST binding (saml-bindings 3.5.4), for IdPs whose
    /// metadata offers no HTTP-Redirect endpoint (Google Workspace, OneLogin): the request XML in base64,
    /// not deflated, with an enveloped XML signature after the Issuer when a key is given.
    public func postValue(signingKey: PrivateKey? = nil, certificate: X509Certificate? = nil) throws(SAMLError) -> String {
        guard let signingKey else { return Base64.encode(Array(xml.utf8)) }
        do {
            let tree = try XMLTree.parse(Array(xml.utf8))
            let algorithm: SignatureAlgorithm = signingKey.publicKey.matches(.rsaSHA256) ? .rsaSHA256 : .ecdsaSHA256
            let signer = EnvelopedSignatureSigner(key: signingKey, certificate: certificate, signatureAlgorithm: algorithm)
            try signer.sign(tree.root, after: tree.root.firstChild("Issuer", in: SAMLNamespace.assertion))
            return Base64.encode(tree.serialized())
        } catch {
            throw SAMLError(.configurationInvalid, "The AuthnRequest could not be signed: \(error.message)")
        }
    }
}
