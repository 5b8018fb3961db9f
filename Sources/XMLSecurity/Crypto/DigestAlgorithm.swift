internal import COpenSSL

/// Message digests for XML Signature references (xmldsig-core 6.2, xmlenc-core 5.7).
public enum DigestAlgorithm: String, Sendable, CaseIterable {
    case sha1 = "http://www.w3.org/2000/09/xmldsig#sha1"
    case sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    case sha384 = "http://www.w3.org/2001/04/xmldsig-more#sha384"
    case sha512 = "http://www.w3.org/2001/04/xmlenc#sha512"

    public var uri: String { rawValue }

    public var isSHA1: Bool { self == .sha1 }

    public var byteCount: Int {
        switch self {
        case .sha1: 20
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    var openSSLName: String {
        switch self {
        case .sha1: "SHA1"
        case .sha256: "SHA256"
        case .sha384: "SHA384"
        case .sha512: "SHA512"
        }
    }

    /// The provider implementation, fetched once: OpenSSL 3 otherwise looks it up on every call.
    var messageDigest: OpaquePointer {
        FetchedDigests.shared.digest(self)
    }

    /// The digest of `bytes`.
    public func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer(hash)
    }

    /// The digest of `bytes`.
    public func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let status = EVP_Digest(bytes.baseAddress, bytes.count, &output, &length, messageDigest, nil)
        // EVP_Digest with a fetched SHA-1/SHA-2 only fails when out of memory.
        precondition(status == 1, OpenSSLError.drain("EVP_Digest"))
        return output
    }
}

/// EVP_MD objects fetched once per process. They are immutable and reference counted, so sharing
/// them across threads is what OpenSSL documents as safe.
final class FetchedDigests: @unchecked Sendable {
    static let shared = FetchedDigests()

    private let digests: [DigestAlgorithm: OpaquePointer]

    private init() {
        var digests: [DigestAlgorithm: OpaquePointer] = [:]
        for algorithm in DigestAlgorithm.allCases {
            guard let digest = EVP_MD_fetch(nil, algorithm.openSSLName, nil) else {
                fatalError(OpenSSLError.drain("EVP_MD_fetch(\(algorithm.openSSLName))"))
            }
            digests[algorithm] = digest
        }
        self.digests = digests
    }

    func digest(_ algorithm: DigestAlgorithm) -> OpaquePointer {
        digests[algorithm]!
    }
}
