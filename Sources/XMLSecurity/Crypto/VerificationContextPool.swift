internal import COpenSSL
import Synchronization

/// Prepared `EVP_PKEY_CTX`s for one public key, one per digest, reused across verifications.
///
/// OpenSSL 3 spends a sixth of an RSA-2048 verification setting up the operation (provider lookups,
/// key export into the provider); a context initialised once for verification with its padding and
/// digest verifies any number of signatures. A context is used by one thread at a time: it is taken
/// out of the pool for the verification and put back afterwards.
final class VerificationContextPool: @unchecked Sendable {
    // @unchecked: the contexts are only reached through `contexts`, under its lock, or while checked out.
    private let key: OpaquePointer
    private let contexts = Mutex<[DigestAlgorithm: [PreparedContext]]>([:])

    /// A context handed between threads through the pool; only one thread uses it at a time.
    private struct PreparedContext: @unchecked Sendable {
        let pointer: OpaquePointer
    }
    private static let retainedPerDigest = 8

    init(key: OpaquePointer) {
        self.key = key
    }

    deinit {
        contexts.withLock { pools in
            for context in pools.values.joined() { EVP_PKEY_CTX_free(context.pointer) }
        }
    }

    /// Verifies `signature` (DER for ECDSA, raw for RSA) over the already computed `digest`.
    func verify(signature: [UInt8], digest: [UInt8], algorithm: DigestAlgorithm, rsaPadding: Bool) -> Bool {
        let pooled = contexts.withLock { $0[algorithm]?.popLast()?.pointer }
        guard let context = pooled ?? makeContext(algorithm, rsaPadding: rsaPadding) else { return false }
        let verified = EVP_PKEY_verify(context, signature, signature.count, digest, digest.count) == 1
        guard verified else {
            // A refused signature leaves errors queued; the context is discarded rather than trusted again.
            OpenSSLError.clear()
            EVP_PKEY_CTX_free(context)
            return false
        }
        let kept = contexts.withLock { pools -> Bool in
            guard pools[algorithm, default: []].count < Self.retainedPerDigest else { return false }
            pools[algorithm, default: []].append(PreparedContext(pointer: context))
            return true
        }
        if !kept { EVP_PKEY_CTX_free(context) }
        return true
    }

    private func makeContext(_ algorithm: DigestAlgorithm, rsaPadding: Bool) -> OpaquePointer? {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else {
            OpenSSLError.clear()
            return nil
        }
        guard EVP_PKEY_verify_init(context) == 1,
            !rsaPadding || EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1,
            EVP_PKEY_CTX_set_signature_md(context, algorithm.messageDigest) == 1
        else {
            OpenSSLError.clear()
            EVP_PKEY_CTX_free(context)
            return nil
        }
        return context
    }
}
