internal import COpenSSL

/// A private key loaded from PEM: the SP's decryption key, or a test IdP's signing key for fixtures.
///
/// Owns an `EVP_PKEY`; immutable after loading, hence `@unchecked Sendable`.
public final class PrivateKey: @unchecked Sendable {
    let key: OpaquePointer
    public let publicKey: PublicKey

    /// A key from PEM (`PRIVATE KEY`, `RSA PRIVATE KEY` or `EC PRIVATE KEY`), unencrypted.
    public init(pem: String) throws(XMLSecurityError) {
        let bio = try MemoryBIO(pem)
        guard let key = PEM_read_bio_PrivateKey(bio.bio, nil, nil, nil) else {
            throw XMLSecurityError(.keyInvalid, "Not an unencrypted PEM private key (\(OpenSSLError.drain("PEM_read_bio_PrivateKey"))).")
        }
        self.key = key
        // The public half shares the key object; EVP_PKEY is reference counted.
        EVP_PKEY_up_ref(key)
        publicKey = PublicKey(takingOwnership: key)
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// Signs `message`; ECDSA results come back in the XML Signature `r || s` form.
    public func sign(_ message: [UInt8], algorithm: SignatureAlgorithm) throws(XMLSecurityError) -> [UInt8] {
        guard publicKey.matches(algorithm) else {
            throw XMLSecurityError(.keyInvalid, "A \(publicKey.summary) key cannot sign with \(algorithm.uri).")
        }
        guard let context = EVP_MD_CTX_new() else { throw XMLSecurityError(.cryptoFailure, "EVP_MD_CTX_new failed.") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, algorithm.digest.messageDigest, nil, key) == 1 else {
            throw XMLSecurityError(.cryptoFailure, OpenSSLError.drain("EVP_DigestSignInit"))
        }
        var signature: [UInt8] = []
        let status: Int32 = message.withUnsafeBufferPointer { data in
            let input = data.baseAddress
            var length = 0
            guard EVP_DigestSign(context, nil, &length, input, data.count) == 1 else { return 0 }
            signature = [UInt8](repeating: 0, count: length)
            let result = EVP_DigestSign(context, &signature, &length, input, data.count)
            signature.removeLast(signature.count - length)
            return result
        }
        guard status == 1 else { throw XMLSecurityError(.cryptoFailure, OpenSSLError.drain("EVP_DigestSign")) }
        guard algorithm.keyType == .ecdsa else { return signature }
        let field = ECDSASignatureEncoding.fieldLength(of: publicKey)
        guard let concatenated = ECDSASignatureEncoding.concatenated(fromDER: signature, fieldLength: field) else {
            throw XMLSecurityError(.cryptoFailure, "The ECDSA signature could not be converted to r||s.")
        }
        return concatenated
    }
}
