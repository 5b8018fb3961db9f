import XMLSecurity

/// Turns an `EncryptedAssertion` into a parsed `Assertion` tree with the SP key (saml-core 2.3.4, 6).
enum AssertionDecryption {
    static func decrypt(
        _ encrypted: XMLTreeElement, serviceProvider: ServiceProvider, limits: XMLParserLimits
    ) throws(SAMLError) -> XMLTree {
        guard let decryptor = serviceProvider.decryptor else {
            throw SAMLError(
                .decryptionKeyMissing,
                "The assertion is encrypted but no SP decryption key is configured; configure one or ask the IdP not to encrypt.")
        }
        let xenc = XMLSignatureNamespace.xmlenc
        let data = encrypted.children("EncryptedData", in: xenc)
        guard let encryptedData = data.first, data.count == 1 else {
            throw SAMLError(.encryptedAssertionInvalid, "The EncryptedAssertion must hold exactly one EncryptedData (found \(data.count)).")
        }
        let plaintext: [UInt8]
        do {
            plaintext = try decryptor.decrypt(encryptedData, additionalKeys: Array(encrypted.children("EncryptedKey", in: xenc)))
        } catch {
            throw SAMLError(decryption: error)
        }
        do {
            // The plaintext is as hostile as the envelope: same parser, same limits.
            return try XMLTree.parse(plaintext, limits: limits)
        } catch {
            // A malformed plaintext is reported like a failed decryption: telling the two apart would
            // give an attacker a CBC padding oracle (Jager & Somorovsky, CCS 2011).
            throw SAMLError(.decryptionFailed, "The decrypted assertion is not acceptable XML (\(error.code.rawValue)).")
        }
    }
}
