/// Which algorithms and key sizes a verifier accepts.
///
/// `.strict` is the default for every IdP. `.legacy` exists for IdPs still signing with SHA-1: in
/// practice those are the same deployments that kept 1024-bit RSA keys (OneLogin's and SimpleSAMLphp's
/// older defaults, Oracle Access Manager), so the one switch admits both, and nothing weaker.
public struct AlgorithmPolicy: Sendable, Equatable {
    public var allowsSHA1: Bool
    public var minimumRSAKeyBits: Int

    public init(allowsSHA1: Bool, minimumRSAKeyBits: Int) {
        self.allowsSHA1 = allowsSHA1
        self.minimumRSAKeyBits = minimumRSAKeyBits
    }

    public static let strict = AlgorithmPolicy(allowsSHA1: false, minimumRSAKeyBits: 2048)
    public static let legacy = AlgorithmPolicy(allowsSHA1: true, minimumRSAKeyBits: 1024)

    /// Elliptic curves accepted for ECDSA (XML Signature 1.1 names P-256, P-384 and P-521).
    public static let allowedCurves: Set<String> = ["prime256v1", "secp384r1", "secp521r1"]
}
