import XMLSecurity

extension SAMLError {
    /// Maps a parser refusal to the SAML reason an admin reads.
    init(parsing error: XMLSecurityError, what: String = "response") {
        switch error.code {
        case .inputTooLarge: self.init(.responseTooLarge, error.message)
        case .tooDeep: self.init(.xmlTooDeep, error.message)
        case .doctypeForbidden: self.init(.doctypeForbidden, error.message)
        default: self.init(.malformedXML, "The \(what) is not acceptable XML: \(error.message)")
        }
    }

    /// Maps a signature failure; `location` says which signature ("Response", "Assertion").
    init(signature error: XMLSecurityError, location: String) {
        let message = "\(location) signature: \(error.message)"
        switch error.code {
        case .referenceNotEnveloping: self.init(.signatureReferenceInvalid, message)
        case .transformUnsupported, .canonicalizationUnsupported, .signatureAlgorithmUnsupported, .digestAlgorithmUnsupported:
            self.init(.signatureAlgorithmUnsupported, message)
        case .sha1NotAllowed: self.init(.sha1NotAllowed, message + " Enable allow-SHA-1 for this IdP only if it cannot sign with SHA-256.")
        case .weakKey: self.init(.weakSigningKey, message)
        case .noUsableKey, .signatureMismatch:
            self.init(.untrustedSigningKey, message + " If the IdP rolled over its signing key, re-import its metadata.")
        default: self.init(.signatureInvalid, message)
        }
    }

    /// Maps a decryption failure.
    init(decryption error: XMLSecurityError) {
        switch error.code {
        case .encryptionAlgorithmUnsupported: self.init(.encryptionAlgorithmUnsupported, error.message)
        case .keyTransportRefused: self.init(.keyTransportRefused, error.message)
        case .decryptionFailed: self.init(.decryptionFailed, error.message + " Check that the IdP encrypts to this SP's current certificate.")
        default: self.init(.encryptedAssertionInvalid, error.message)
        }
    }
}
