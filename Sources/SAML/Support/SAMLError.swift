/// Why a SAML message or metadata document was rejected.
///
/// `code` is stable: logs, metrics, tests and adopters' scripts match on it. `message` explains the
/// specific case to an IT admin and may quote values from the rejected document, so it belongs in
/// logs and the CLI, not in a browser. Equality compares codes only.
public struct SAMLError: Error, Equatable, CustomStringConvertible, Sendable {
    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    public static func == (lhs: SAMLError, rhs: SAMLError) -> Bool {
        lhs.code == rhs.code
    }

    public enum Code: String, Sendable, CaseIterable, Codable {
        // Transport and parsing
        case responseTooLarge = "saml.response_too_large"
        case encodingInvalid = "saml.encoding_invalid"
        case malformedXML = "saml.malformed_xml"
        case doctypeForbidden = "saml.doctype_forbidden"
        case xmlTooDeep = "saml.xml_too_deep"
        // Structure (before any signature is trusted)
        case notAResponse = "saml.not_a_response"
        case assertionMissing = "saml.assertion_missing"
        case multipleAssertions = "saml.multiple_assertions"
        case assertionWrapped = "saml.assertion_wrapped"
        case duplicateID = "saml.duplicate_id"
        case signatureMisplaced = "saml.signature_misplaced"
        // Encrypted assertions
        case decryptionKeyMissing = "saml.decryption_key_missing"
        case encryptionAlgorithmUnsupported = "saml.encryption_algorithm_unsupported"
        case keyTransportRefused = "saml.key_transport_refused"
        case decryptionFailed = "saml.decryption_failed"
        case encryptedAssertionInvalid = "saml.encrypted_assertion_invalid"
        // Signatures
        case unsigned = "saml.unsigned"
        case signatureInvalid = "saml.signature_invalid"
        case signatureReferenceInvalid = "saml.signature_reference_invalid"
        case signatureAlgorithmUnsupported = "saml.signature_algorithm_unsupported"
        case sha1NotAllowed = "saml.sha1_not_allowed"
        case weakSigningKey = "saml.weak_signing_key"
        case untrustedSigningKey = "saml.untrusted_signing_key"
        // Claims
        case issuerMismatch = "saml.issuer_mismatch"
        case statusNotSuccess = "saml.status_not_success"
        case destinationMismatch = "saml.destination_mismatch"
        case inResponseToMismatch = "saml.in_response_to_mismatch"
        case unsolicitedNotAllowed = "saml.unsolicited_not_allowed"
        case bearerConfirmationMissing = "saml.bearer_confirmation_missing"
        case recipientMismatch = "saml.recipient_mismatch"
        case subjectConfirmationExpired = "saml.subject_confirmation_expired"
        case notYetValid = "saml.not_yet_valid"
        case expired = "saml.expired"
        case conditionUnsupported = "saml.condition_unsupported"
        case audienceMissing = "saml.audience_missing"
        case audienceMismatch = "saml.audience_mismatch"
        case nameIDMissing = "saml.name_id_missing"
        case commentInjection = "saml.comment_injection"
        case authnStatementMissing = "saml.authn_statement_missing"
        case assertionInvalid = "saml.assertion_invalid"
        case replayed = "saml.replayed"
        case replayCacheUnavailable = "saml.replay_cache_unavailable"
        // Metadata and configuration
        case metadataInvalid = "saml.metadata_invalid"
        case metadataEntityNotFound = "saml.metadata_entity_not_found"
        case metadataNoSigningKey = "saml.metadata_no_signing_key"
        case metadataNoSSOEndpoint = "saml.metadata_no_sso_endpoint"
        case configurationInvalid = "saml.configuration_invalid"

        /// One sentence for people who see only the code (a browser, the README table).
        public var summary: String {
            switch self {
            case .responseTooLarge: "The SAML response is larger than the configured limit."
            case .encodingInvalid: "The SAMLResponse value is neither XML nor valid base64."
            case .malformedXML: "The SAML response is not well-formed, namespace-correct XML."
            case .doctypeForbidden: "The SAML response contains a DOCTYPE (DTDs and entities are never accepted)."
            case .xmlTooDeep: "The SAML response nests elements deeper than the configured limit."
            case .notAResponse: "The document is not a SAML 2.0 samlp:Response."
            case .assertionMissing: "The response carries no assertion."
            case .multipleAssertions: "The response carries more than one assertion; exactly one is accepted."
            case .assertionWrapped: "An assertion sits outside its place as a direct child of the Response (signature wrapping)."
            case .duplicateID: "Two elements share an ID, so a signature reference would be ambiguous (signature wrapping)."
            case .signatureMisplaced: "A signature sits somewhere other than directly inside the Response or the Assertion."
            case .decryptionKeyMissing: "The assertion is encrypted but no SP decryption key is configured."
            case .encryptionAlgorithmUnsupported: "The assertion is encrypted with an algorithm Gatehouse does not accept."
            case .keyTransportRefused: "The assertion key is wrapped with RSA PKCS#1 v1.5, which is refused; use RSA-OAEP."
            case .decryptionFailed: "The encrypted assertion could not be decrypted with the SP key."
            case .encryptedAssertionInvalid: "The encrypted assertion is malformed or does not decrypt to one Assertion."
            case .unsigned: "Neither the Response nor the Assertion is signed."
            case .signatureInvalid: "The signed content was modified after signing, or the signature is malformed."
            case .signatureReferenceInvalid: "A signature does not reference the element that contains it."
            case .signatureAlgorithmUnsupported: "A signature uses an algorithm or transform Gatehouse does not accept."
            case .sha1NotAllowed: "The signature uses SHA-1, which is not allowed for this IdP."
            case .weakSigningKey: "The IdP signing key is too weak (RSA below the minimum size, or an unsupported curve)."
            case .untrustedSigningKey: "The signature was not made by any of the IdP's pinned certificates."
            case .issuerMismatch: "The Issuer is not the configured IdP."
            case .statusNotSuccess: "The IdP reported that the login did not succeed."
            case .destinationMismatch: "The Response Destination is not this SP's ACS URL."
            case .inResponseToMismatch: "The response answers a login request this SP did not send or no longer expects."
            case .unsolicitedNotAllowed: "IdP-initiated (unsolicited) logins are not allowed for this IdP."
            case .bearerConfirmationMissing: "The assertion has no bearer SubjectConfirmation."
            case .recipientMismatch: "The SubjectConfirmationData Recipient is not this SP's ACS URL."
            case .subjectConfirmationExpired: "The bearer confirmation is expired or not yet valid."
            case .notYetValid: "The assertion is not valid yet (Conditions NotBefore is in the future)."
            case .expired: "The assertion has expired (Conditions NotOnOrAfter has passed)."
            case .conditionUnsupported: "The assertion carries a condition Gatehouse does not understand."
            case .audienceMissing: "The assertion has no AudienceRestriction."
            case .audienceMismatch: "The assertion is meant for another service provider (audience mismatch)."
            case .nameIDMissing: "The assertion has no usable NameID."
            case .commentInjection: "An identity value contains an XML comment or processing instruction."
            case .authnStatementMissing: "The assertion has no AuthnStatement."
            case .assertionInvalid: "The assertion is missing required data or has malformed values."
            case .replayed: "This assertion was already used."
            case .replayCacheUnavailable: "The replay cache could not record the assertion."
            case .metadataInvalid: "The IdP metadata is not valid SAML 2.0 metadata."
            case .metadataEntityNotFound: "The IdP metadata has no (single) matching IdP entity."
            case .metadataNoSigningKey: "The IdP metadata has no signing certificate."
            case .metadataNoSSOEndpoint: "The IdP metadata has no SingleSignOnService endpoint."
            case .configurationInvalid: "The SAML configuration is invalid."
            }
        }
    }
}
