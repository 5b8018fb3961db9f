/// Signature methods for XML Signature (RFC 6931 identifiers).
public enum SignatureAlgorithm: String, Sendable, CaseIterable {
    case rsaSHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
    case rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    case rsaSHA384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"
    case rsaSHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
    case ecdsaSHA1 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1"
    case ecdsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
    case ecdsaSHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384"
    case ecdsaSHA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"

    public var uri: String { rawValue }

    public enum KeyType: Sendable { case rsa, ecdsa }

    public var keyType: KeyType {
        switch self {
        case .rsaSHA1, .rsaSHA256, .rsaSHA384, .rsaSHA512: .rsa
        case .ecdsaSHA1, .ecdsaSHA256, .ecdsaSHA384, .ecdsaSHA512: .ecdsa
        }
    }

    public var digest: DigestAlgorithm {
        switch self {
        case .rsaSHA1, .ecdsaSHA1: .sha1
        case .rsaSHA256, .ecdsaSHA256: .sha256
        case .rsaSHA384, .ecdsaSHA384: .sha384
        case .rsaSHA512, .ecdsaSHA512: .sha512
        }
    }

    /// HMAC signature methods. They are recognised only to refuse them by name: with a pinned public
    /// key an HMAC "signature" would let anyone holding the certificate forge messages.
    public static func isHMAC(_ uri: String) -> Bool {
        uri.hasPrefix("http://www.w3.org/2000/09/xmldsig#hmac-") || uri.hasPrefix("http://www.w3.org/2001/04/xmldsig-more#hmac-")
    }
}
