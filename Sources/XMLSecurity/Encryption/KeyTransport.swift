/// How the content-encryption key was wrapped for us (xmlenc-core 5.4).
///
/// Only RSA-OAEP is accepted. RSA PKCS#1 v1.5 key transport is refused outright: it is open to
/// Bleichenbacher-style oracles (Jager, Schinzel, Somorovsky, "One Bad Apple", 2012).
enum KeyTransport: Equatable {
    case rsaOAEP(digest: DigestAlgorithm, mgf1Digest: DigestAlgorithm, label: [UInt8])

    static let rsaOAEPMGF1PURI = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
    static let rsaOAEPURI = "http://www.w3.org/2009/xmlenc11#rsa-oaep"
    static let rsa15URI = "http://www.w3.org/2001/04/xmlenc#rsa-1_5"

    /// Reads an `EncryptionMethod` of an `EncryptedKey`.
    init(method: XMLTreeElement) throws(XMLSecurityError) {
        let uri = method.attribute("Algorithm") ?? ""
        switch uri {
        case Self.rsa15URI:
            throw XMLSecurityError(
                .keyTransportRefused,
                "The key is wrapped with RSA PKCS#1 v1.5 (rsa-1_5), which is refused; configure the IdP to use RSA-OAEP.")
        case Self.rsaOAEPMGF1PURI, Self.rsaOAEPURI:
            var digest = DigestAlgorithm.sha1
            if let digestMethod = method.firstChild("DigestMethod", in: XMLSignatureNamespace.dsig) {
                let digestURI = digestMethod.attribute("Algorithm") ?? ""
                guard let named = DigestAlgorithm(rawValue: digestURI) else {
                    throw XMLSecurityError(.encryptionAlgorithmUnsupported, "RSA-OAEP digest \(digestURI) is not supported.")
                }
                digest = named
            }
            // rsa-oaep-mgf1p fixes MGF1 to SHA-1; xmlenc11 rsa-oaep names it, defaulting to SHA-1.
            var mgf1 = DigestAlgorithm.sha1
            if uri == Self.rsaOAEPURI, let mgf = method.firstChild("MGF", in: XMLSignatureNamespace.xmlenc11) {
                let mgfURI = mgf.attribute("Algorithm") ?? ""
                guard let named = Self.mgf1Digests[mgfURI] else {
                    throw XMLSecurityError(.encryptionAlgorithmUnsupported, "RSA-OAEP mask generation \(mgfURI) is not supported.")
                }
                mgf1 = named
            }
            var label: [UInt8] = []
            if let parameters = method.firstChild("OAEPparams", in: XMLSignatureNamespace.xmlenc) {
                guard let decoded = Base64.decode(parameters.textContent) else {
                    throw XMLSecurityError(.encryptionMalformed, "OAEPparams is not valid base64.")
                }
                label = decoded
            }
            self = .rsaOAEP(digest: digest, mgf1Digest: mgf1, label: label)
        default:
            throw XMLSecurityError(
                .encryptionAlgorithmUnsupported, "Key transport \(uri.isEmpty ? "(none)" : uri) is not supported; use RSA-OAEP.")
        }
    }

    private static let mgf1Digests: [String: DigestAlgorithm] = [
        "http://www.w3.org/2009/xmlenc11#mgf1sha1": .sha1,
        "http://www.w3.org/2009/xmlenc11#mgf1sha256": .sha256,
        "http://www.w3.org/2009/xmlenc11#mgf1sha384": .sha384,
        "http://www.w3.org/2009/xmlenc11#mgf1sha512": .sha512,
    ]
}
