internal import CLibXML2
internal import COpenSSL

/// The irreducible library work inside one signature verification, for the benchmark's "floor":
/// each operation calls libxml2 or OpenSSL directly, with none of XMLSecurity's checks around it.
///
/// Exposed only as SPI so the benchmark executable (which may not import the C modules) can measure
/// it in the same process as the verifier.
@_spi(Benchmarks)
public enum LibraryFloor {
    /// `xmlReadMemory` + `xmlFreeDoc`: parsing alone, with libxml2's default options plus NONET.
    public static func parse(_ bytes: [UInt8]) -> Bool {
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                xmlReadMemory($0.baseAddress, Int32($0.count), nil, nil, Int32(XML_PARSE_NONET.rawValue))
            }
        }
        guard let document else { return false }
        xmlFreeDoc(document)
        return true
    }

    /// Exclusive C14N of `element` without `excluding` into libxml2's own memory buffer, then SHA-256
    /// of the result with OpenSSL: the digest half of a reference check.
    public static func canonicalizeAndDigest(_ element: XMLTreeElement, excluding: XMLTreeElement) -> Int {
        var scope = (element.node, excluding.node)
        let output = xmlAllocOutputBuffer(nil)!
        let status = withUnsafeMutablePointer(to: &scope) { scopePointer in
            xmlC14NExecute(
                element.tree.document, floorVisibility, UnsafeMutableRawPointer(scopePointer), Int32(XML_C14N_EXCLUSIVE_1_0.rawValue),
                nil, 0, output)
        }
        var digest = [UInt8](repeating: 0, count: 32)
        if status >= 0 {
            EVP_Digest(
                xmlOutputBufferGetContent(output), xmlOutputBufferGetSize(output), &digest, nil, DigestAlgorithm.sha256.messageDigest, nil)
        }
        xmlOutputBufferClose(output)
        return Int(digest[0])
    }

    /// `EVP_DigestVerifyInit` + `EVP_DigestVerify` with a key parsed beforehand: one RSA/ECDSA check
    /// through OpenSSL's one-shot API, operation setup included.
    public static func digestVerify(_ signature: [UInt8], over message: [UInt8], key: PublicKey, algorithm: SignatureAlgorithm) -> Bool {
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, algorithm.digest.messageDigest, nil, key.key) == 1 else { return false }
        return EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
    }

    /// A verification context prepared once (padding and digest set), as the raw RSA floor: each
    /// `verify` is SHA-256 of the message and `EVP_PKEY_verify`, nothing else.
    public final class PreparedVerifier {
        private let context: OpaquePointer
        private let key: PublicKey

        public init(key: PublicKey) {
            self.key = key
            context = EVP_PKEY_CTX_new_from_pkey(nil, key.key, nil)!
            EVP_PKEY_verify_init(context)
            EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING)
            EVP_PKEY_CTX_set_signature_md(context, DigestAlgorithm.sha256.messageDigest)
        }

        deinit {
            EVP_PKEY_CTX_free(context)
        }

        public func verify(_ signature: [UInt8], over message: [UInt8]) -> Bool {
            var digest = [UInt8](repeating: 0, count: 32)
            EVP_Digest(message, message.count, &digest, nil, DigestAlgorithm.sha256.messageDigest, nil)
            return EVP_PKEY_verify(context, signature, signature.count, digest, digest.count) == 1
        }
    }

    /// The canonical SignedInfo and raw SignatureValue of an enveloped signature, for ``verify``.
    public static func signedInfoAndValue(of signature: EnvelopedSignature) throws(XMLSecurityError) -> ([UInt8], [UInt8]) {
        (try Canonicalizer.canonicalize(signature.signedInfo, method: signature.canonicalization), signature.signatureValue)
    }
}

private func floorVisibility(_ userData: UnsafeMutableRawPointer?, _ node: xmlNodePtr?, _ parent: xmlNodePtr?) -> Int32 {
    guard let userData, let node else { return 0 }
    let (root, excluded) = userData.assumingMemoryBound(to: (xmlNodePtr, xmlNodePtr).self).pointee
    var current: xmlNodePtr? = node.pointee.type == XML_NAMESPACE_DECL ? parent : node
    while let candidate = current {
        if candidate == excluded { return 0 }
        if candidate == root { return 1 }
        current = candidate.pointee.parent
    }
    return 0
}
