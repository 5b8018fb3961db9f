internal import COpenSSL
import Foundation

/// An X.509 certificate, used only as a container for a pinned public key and for what an admin
/// needs to see about it (subject, validity, fingerprint).
///
/// Owns an `X509`; immutable after parsing, hence `@unchecked Sendable`.
public final class X509Certificate: @unchecked Sendable {
    let certificate: OpaquePointer
    public let publicKey: PublicKey
    /// The DER encoding.
    public let der: [UInt8]

    init(takingOwnership certificate: OpaquePointer) throws(XMLSecurityError) {
        self.certificate = certificate
        guard let key = X509_get_pubkey(certificate) else {
            X509_free(certificate)
            throw XMLSecurityError(.certificateInvalid, "The certificate's public key cannot be read (\(OpenSSLError.drain("X509_get_pubkey"))).")
        }
        publicKey = PublicKey(takingOwnership: key)
        var output: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(certificate, &output)
        if length > 0, let output {
            der = Array(UnsafeBufferPointer(start: output, count: Int(length)))
            COpenSSL_OPENSSL_free(output)
        } else {
            der = []
        }
    }

    deinit {
        X509_free(certificate)
    }

    /// A certificate from DER bytes.
    public convenience init(der: [UInt8]) throws(XMLSecurityError) {
        var cursor: UnsafePointer<UInt8>?
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            cursor = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        guard let parsed else {
            throw XMLSecurityError(.certificateInvalid, "Not a DER X.509 certificate (\(OpenSSLError.drain("d2i_X509"))).")
        }
        try self.init(takingOwnership: parsed)
    }

    /// A certificate from the base64 text of an `X509Certificate` element or a PEM body; whitespace is ignored.
    public convenience init(base64: String) throws(XMLSecurityError) {
        guard let der = Base64.decode(base64) else {
            throw XMLSecurityError(.certificateInvalid, "The certificate is not valid base64.")
        }
        try self.init(der: der)
    }

    /// The first certificate in PEM text.
    public convenience init(pem: String) throws(XMLSecurityError) {
        let bio = try MemoryBIO(pem)
        guard let parsed = PEM_read_bio_X509(bio.bio, nil, nil, nil) else {
            throw XMLSecurityError(.certificateInvalid, "Not a PEM certificate (\(OpenSSLError.drain("PEM_read_bio_X509"))).")
        }
        try self.init(takingOwnership: parsed)
    }

    /// Every certificate in PEM text (a bundle), in order.
    public static func all(pem: String) throws(XMLSecurityError) -> [X509Certificate] {
        var certificates: [X509Certificate] = []
        var remaining = Substring(pem)
        let begin = "-----BEGIN CERTIFICATE-----"
        let end = "-----END CERTIFICATE-----"
        while let start = remaining.range(of: begin), let stop = remaining.range(of: end, range: start.upperBound..<remaining.endIndex) {
            certificates.append(try X509Certificate(pem: String(remaining[start.lowerBound..<stop.upperBound])))
            remaining = remaining[stop.upperBound...]
        }
        guard !certificates.isEmpty else {
            throw XMLSecurityError(.certificateInvalid, "No PEM certificate found.")
        }
        return certificates
    }

    /// The subject distinguished name (RFC 2253 form).
    public var subject: String {
        let output = OutputBIO()
        X509_NAME_print_ex(output.bio, X509_get_subject_name(certificate), 0, COpenSSL_XN_FLAG_RFC2253())
        return output.string
    }

    public var notBefore: Date? { Self.date(X509_get0_notBefore(certificate)) }
    public var notAfter: Date? { Self.date(X509_get0_notAfter(certificate)) }

    /// Uppercase hex SHA-256 of the DER, colon-separated, as `openssl x509 -fingerprint -sha256` prints it.
    public var sha256Fingerprint: String {
        DigestAlgorithm.sha256.hash(der).map { String(format: "%02X", $0) }.joined(separator: ":")
    }

    /// The base64 DER, as it goes into an `X509Certificate` element.
    public var base64: String {
        Data(der).base64EncodedString()
    }

    /// PEM text.
    public var pem: String {
        let body = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN CERTIFICATE-----\n\(body)\n-----END CERTIFICATE-----\n"
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
