internal import COpenSSL

/// A public key pinned from configuration (an IdP certificate from metadata), never from a message.
///
/// Owns an `EVP_PKEY`. OpenSSL 3 keys are immutable once built and safe to use for verification from
/// several threads at once, hence `@unchecked Sendable`.
public final class PublicKey: @unchecked Sendable {
    public enum Kind: Sendable, Equatable {
        case rsa(bits: Int)
        case ec(curve: String)
        case other(String)
    }

    let key: OpaquePointer
    public let kind: Kind
    private let verificationContexts: VerificationContextPool

    init(takingOwnership key: OpaquePointer) {
        self.key = key
        verificationContexts = VerificationContextPool(key: key)
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA:
            kind = .rsa(bits: Int(EVP_PKEY_get_bits(key)))
        case EVP_PKEY_EC:
            var name = [CChar](repeating: 0, count: 64)
            var length = 0
            EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, &name, name.count, &length)
            kind = .ec(curve: String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        default:
            kind = .other(EVP_PKEY_get0_type_name(key).map { String(cString: $0) } ?? "unknown")
        }
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// A key from a PEM `PUBLIC KEY` block.
    public convenience init(pem: String) throws(XMLSecurityError) {
        let bio = try MemoryBIO(pem)
        guard let key = PEM_read_bio_PUBKEY(bio.bio, nil, nil, nil) else {
            throw XMLSecurityError(.keyInvalid, "Not a PEM public key (\(OpenSSLError.drain("PEM_read_bio_PUBKEY"))).")
        }
        self.init(takingOwnership: key)
    }

    /// A short description for messages: "RSA-2048", "EC prime256v1".
    public var summary: String {
        switch kind {
        case .rsa(let bits): "RSA-\(bits)"
        case .ec(let curve): "EC \(curve)"
        case .other(let name): name
        }
    }

    /// Whether both values hold the same key material.
    public func isSameKey(as other: PublicKey) -> Bool {
        EVP_PKEY_eq(key, other.key) == 1
    }

    /// Whether this key can check signatures made with `algorithm`.
    public func matches(_ algorithm: SignatureAlgorithm) -> Bool {
        switch (kind, algorithm.keyType) {
        case (.rsa, .rsa), (.ec, .ecdsa): true
        default: false
        }
    }

    /// Verifies `signature` over `message`. ECDSA signatures are taken in the XML Signature form
    /// (`r || s`, xmldsig-core1 6.4.3) and converted to DER for OpenSSL.
    public func verify(signature: [UInt8], over message: [UInt8], algorithm: SignatureAlgorithm) -> Bool {
        message.withUnsafeBufferPointer { verify(signature: signature, over: $0, algorithm: algorithm) }
    }

    /// See ``verify(signature:over:algorithm:)-(_,[UInt8],_)``.
    public func verify(signature: [UInt8], over message: UnsafeBufferPointer<UInt8>, algorithm: SignatureAlgorithm) -> Bool {
        guard matches(algorithm) else { return false }
        let encoded: [UInt8]
        if algorithm.keyType == .ecdsa {
            guard let der = ECDSASignatureEncoding.der(fromConcatenated: signature, key: self) else { return false }
            encoded = der
        } else {
            encoded = signature
        }
        let digest = algorithm.digest.hash(message)
        return verificationContexts.verify(signature: encoded, digest: digest, algorithm: algorithm.digest, rsaPadding: algorithm.keyType == .rsa)
    }

    /// Checks the key against a policy; returns the reason it is refused, or `nil`.
    public func refusal(under policy: AlgorithmPolicy) -> String? {
        switch kind {
        case .rsa(let bits) where bits < policy.minimumRSAKeyBits:
            "an RSA key of \(bits) bits (at least \(policy.minimumRSAKeyBits) are required)"
        case .ec(let curve) where !AlgorithmPolicy.allowedCurves.contains(curve):
            "an EC key on curve \(curve) (P-256, P-384 or P-521 are required)"
        case .other(let name):
            "a \(name) key (RSA or ECDSA keys are required)"
        default:
            nil
        }
    }
}
