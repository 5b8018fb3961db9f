internal import COpenSSL

/// Decrypts `xenc:EncryptedData` elements addressed to our RSA key (XML Encryption 1.0/1.1).
///
/// Hand-written on top of OpenSSL because no maintained Swift library implements XML Encryption;
/// it supports exactly what SAML IdPs emit: RSA-OAEP key transport and AES-CBC/GCM content.
public struct XMLDecryptor: Sendable {
    public let key: PrivateKey

    /// Smallest SP decryption key accepted. Lower than the signing minimum on purpose: it protects
    /// only the confidentiality of our own assertions, and deployed SPs (TestShib's among them) use 1024.
    public static let minimumRSAKeyBits = 1024

    public init(key: PrivateKey) throws(XMLSecurityError) {
        guard case .rsa(let bits) = key.publicKey.kind else {
            throw XMLSecurityError(.keyInvalid, "The SP decryption key must be an RSA key (found \(key.publicKey.summary)).")
        }
        guard bits >= Self.minimumRSAKeyBits else {
            throw XMLSecurityError(.keyInvalid, "The SP decryption key has \(bits) bits; at least \(Self.minimumRSAKeyBits) are required.")
        }
        self.key = key
    }

    /// Decrypts `encryptedData`, trying the `EncryptedKey`s in its `KeyInfo` and then `additionalKeys`
    /// (SAML allows them as siblings inside `EncryptedAssertion`). Returns the plaintext bytes.
    public func decrypt(_ encryptedData: XMLTreeElement, additionalKeys: [XMLTreeElement] = []) throws(XMLSecurityError) -> [UInt8] {
        let xenc = XMLSignatureNamespace.xmlenc
        guard encryptedData.is("EncryptedData", in: xenc) else {
            throw XMLSecurityError(.encryptionMalformed, "Expected xenc:EncryptedData, found \(encryptedData.localName).")
        }
        if let type = encryptedData.attribute("Type"), type != "http://www.w3.org/2001/04/xmlenc#Element" {
            throw XMLSecurityError(.encryptionMalformed, "EncryptedData Type \(type) is not supported; an element is expected.")
        }
        let methodURI = encryptedData.firstChild("EncryptionMethod", in: xenc)?.attribute("Algorithm") ?? ""
        guard let content = ContentEncryption(rawValue: methodURI) else {
            throw XMLSecurityError(
                .encryptionAlgorithmUnsupported,
                "Content encryption \(methodURI.isEmpty ? "(none)" : methodURI) is not supported; use AES-GCM or AES-CBC.")
        }
        let payload = try cipherValue(of: encryptedData)

        let keyInfoKeys = encryptedData.firstChild("KeyInfo", in: XMLSignatureNamespace.dsig).map { Array($0.children("EncryptedKey", in: xenc)) }
        let candidates = (keyInfoKeys ?? []) + additionalKeys
        guard !candidates.isEmpty else {
            throw XMLSecurityError(.encryptionMalformed, "No EncryptedKey accompanies the EncryptedData.")
        }
        var lastError = XMLSecurityError(.decryptionFailed, "The encrypted assertion could not be decrypted with the configured SP key.")
        for encryptedKey in candidates {
            guard let method = encryptedKey.firstChild("EncryptionMethod", in: xenc) else {
                throw XMLSecurityError(.encryptionMalformed, "An EncryptedKey has no EncryptionMethod.")
            }
            // Algorithm refusals are reported as such, before any private-key operation.
            let transport = try KeyTransport(method: method)
            do {
                let wrapped = try cipherValue(of: encryptedKey)
                let contentKey = try unwrap(wrapped, transport: transport)
                return try content.decrypt(payload, key: contentKey)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private func cipherValue(of element: XMLTreeElement) throws(XMLSecurityError) -> [UInt8] {
        let xenc = XMLSignatureNamespace.xmlenc
        guard let cipherData = element.firstChild("CipherData", in: xenc) else {
            throw XMLSecurityError(.encryptionMalformed, "\(element.localName) has no CipherData.")
        }
        // CipherReference would make us fetch a URI named by the sender; it is never followed.
        guard let value = cipherData.firstChild("CipherValue", in: xenc), let bytes = Base64.decode(value.textContent) else {
            throw XMLSecurityError(.encryptionMalformed, "\(element.localName) must carry an inline base64 CipherValue.")
        }
        return bytes
    }

    private func unwrap(_ wrapped: [UInt8], transport: KeyTransport) throws(XMLSecurityError) -> [UInt8] {
        let failure = XMLSecurityError(.decryptionFailed, "The encrypted assertion could not be decrypted with the configured SP key.")
        guard case .rsaOAEP(let digest, let mgf1, let label) = transport else { throw failure }
        guard let context = EVP_PKEY_CTX_new(key.key, nil) else { throw XMLSecurityError(.cryptoFailure, "EVP_PKEY_CTX_new failed.") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_decrypt_init(context) == 1,
            EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_OAEP_PADDING) == 1,
            EVP_PKEY_CTX_set_rsa_oaep_md(context, digest.messageDigest) == 1,
            EVP_PKEY_CTX_set_rsa_mgf1_md(context, mgf1.messageDigest) == 1
        else {
            throw XMLSecurityError(.cryptoFailure, OpenSSLError.drain("EVP_PKEY_CTX_set_rsa_oaep_md"))
        }
        if !label.isEmpty {
            // set0 takes ownership of an OPENSSL_malloc'd copy.
            let copy = CRYPTO_malloc(label.count, #fileID, #line)!
            copy.copyMemory(from: label, byteCount: label.count)
            guard EVP_PKEY_CTX_set0_rsa_oaep_label(context, copy, Int32(label.count)) == 1 else {
                COpenSSL_OPENSSL_free(copy)
                throw XMLSecurityError(.cryptoFailure, OpenSSLError.drain("EVP_PKEY_CTX_set0_rsa_oaep_label"))
            }
        }
        var length = 0
        guard EVP_PKEY_decrypt(context, nil, &length, wrapped, wrapped.count) == 1 else {
            OpenSSLError.clear()
            throw failure
        }
        var output = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_decrypt(context, &output, &length, wrapped, wrapped.count) == 1 else {
            OpenSSLError.clear()
            throw failure
        }
        return Array(output.prefix(length))
    }
}
