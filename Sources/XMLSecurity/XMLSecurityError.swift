/// Why XMLSecurity refused an input or could not complete an operation.
///
/// `code` is stable and machine-readable; `message` is written for the IT admin reading a log and may
/// quote values from the document, so callers decide what reaches a browser. Two errors are equal
/// when their codes are, like jwt-kit's and swift-certificates' errors.
public struct XMLSecurityError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable, CaseIterable {
        // Parsing
        case inputTooLarge = "xml.too_large"
        case tooDeep = "xml.too_deep"
        case doctypeForbidden = "xml.doctype_forbidden"
        case malformed = "xml.malformed"
        // XML Signature
        case signatureMalformed = "dsig.malformed"
        case referenceNotEnveloping = "dsig.reference_not_enveloping"
        case transformUnsupported = "dsig.transform_unsupported"
        case canonicalizationUnsupported = "dsig.canonicalization_unsupported"
        case signatureAlgorithmUnsupported = "dsig.signature_algorithm_unsupported"
        case digestAlgorithmUnsupported = "dsig.digest_algorithm_unsupported"
        case sha1NotAllowed = "dsig.sha1_not_allowed"
        case weakKey = "dsig.weak_key"
        case noUsableKey = "dsig.no_usable_key"
        case digestMismatch = "dsig.digest_mismatch"
        case signatureMismatch = "dsig.signature_mismatch"
        // XML Encryption
        case encryptionMalformed = "xmlenc.malformed"
        case encryptionAlgorithmUnsupported = "xmlenc.algorithm_unsupported"
        case keyTransportRefused = "xmlenc.key_transport_refused"
        case decryptionFailed = "xmlenc.decryption_failed"
        // Keys, certificates, encodings
        case keyInvalid = "crypto.key_invalid"
        case certificateInvalid = "crypto.certificate_invalid"
        case encodingInvalid = "encoding.invalid"
        case cryptoFailure = "crypto.failure"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    public static func == (lhs: XMLSecurityError, rhs: XMLSecurityError) -> Bool {
        lhs.code == rhs.code
    }
}
