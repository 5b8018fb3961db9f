import Foundation
import XMLSecurity

/// An IdP we trust: its entityID, its pinned signing keys and per-IdP options.
///
/// Keys are parsed once when the value is built (from metadata or certificates), never per response.
public struct IdentityProvider: Sendable {
    public let entityID: String
    /// Every signing certificate from metadata; more than one during a key rollover.
    public let signingCertificates: [X509Certificate]
    /// Their public keys, in the same order.
    public let signingKeys: [PublicKey]
    /// SSO endpoints by binding URI.
    public var singleSignOnServices: [String: String]
    public var options: Options

    public struct Options: Sendable, Equatable {
        /// Admit SHA-1 signatures and 1024-bit RSA keys (see ``AlgorithmPolicy/legacy``).
        public var allowsSHA1: Bool
        /// Admit IdP-initiated responses that answer no AuthnRequest.
        public var allowsUnsolicited: Bool
        /// Tolerance applied to every time comparison, in seconds.
        public var clockSkew: TimeInterval

        public init(allowsSHA1: Bool = false, allowsUnsolicited: Bool = false, clockSkew: TimeInterval = 90) {
            self.allowsSHA1 = allowsSHA1
            self.allowsUnsolicited = allowsUnsolicited
            self.clockSkew = clockSkew
        }

        public var algorithmPolicy: AlgorithmPolicy {
            allowsSHA1 ? .legacy : .strict
        }
    }

    public init(
        entityID: String, signingCertificates: [X509Certificate], singleSignOnServices: [String: String] = [:],
        options: Options = Options()
    ) throws(SAMLError) {
        guard !entityID.isEmpty else {
            throw SAMLError(.configurationInvalid, "The IdP entityID is empty.")
        }
        guard !signingCertificates.isEmpty else {
            throw SAMLError(.metadataNoSigningKey, "IdP \(entityID) has no signing certificate to pin.")
        }
        guard options.clockSkew >= 0, options.clockSkew <= 600 else {
            throw SAMLError(.configurationInvalid, "The clock skew must be between 0 and 600 seconds (got \(options.clockSkew)).")
        }
        self.entityID = entityID
        self.signingCertificates = signingCertificates
        self.singleSignOnServices = singleSignOnServices
        self.options = options
        self.signingKeys = signingCertificates.map(\.publicKey)
    }

    /// An IdP from imported metadata.
    public init(metadata: IdentityProviderMetadata, options: Options = Options()) throws(SAMLError) {
        try self.init(
            entityID: metadata.entityID, signingCertificates: metadata.signingCertificates,
            singleSignOnServices: metadata.singleSignOnServices, options: options)
    }
}
