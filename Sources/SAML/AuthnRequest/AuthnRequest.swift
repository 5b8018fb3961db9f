import Foundation
import XMLSecurity

/// An SP-initiated login request (saml-core 3.4.1) for the HTTP-Redirect binding.
public struct AuthnRequest: Sendable, Equatable {
    /// Random, unguessable, and remembered server-side: the response's InResponseTo must echo it.
    public let id: String
    public let issueInstant: Date
    /// The IdP's SingleSignOnService URL for the HTTP-Redirect binding.
    public let destination: String
    public let issuer: String
    public let assertionConsumerServiceURL: String
    public let nameIDFormat: String?
    public let forceAuthn: Bool

    public init(
        serviceProvider: ServiceProvider, destination: String, issueInstant: Date, nameIDFormat: String? = nil,
        forceAuthn: Bool = false, id: String = AuthnRequest.makeID()
    ) {
        self.id = id
        self.issueInstant = issueInstant
        self.destination = destination
        self.issuer = serviceProvider.entityID
        self.assertionConsumerServiceURL = serviceProvider.assertionConsumerServiceURL
        self.nameIDFormat = nameIDFormat
        self.forceAuthn = forceAuthn
    }

    /// `_` followed by 160 random bits in hex: an xs:ID (it must not start with a digit).
    public static func makeID() -> String {
        var generator = SystemRandomNumberGenerator()
        return makeID(using: &generator)
    }

    public static func makeID(using generator: inout some RandomNumberGenerator) -> String {
        "_" + (0..<20).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The request document.
    public var xml: String {
        var request =
            "<samlp:AuthnRequest xmlns:samlp=\"\(SAMLNamespace.protocol)\" xmlns:saml=\"\(SAMLNamespace.assertion)\""
            + " ID=\"\(XMLText.escaped(id))\" Version=\"2.0\" IssueInstant=\"\(SAMLDateTime.format(issueInstant))\""
            + " Destination=\"\(XMLText.escaped(destination))\""
            + " AssertionConsumerServiceURL=\"\(XMLText.escaped(assertionConsumerServiceURL))\""
            + " ProtocolBinding=\"\(SAMLIdentifier.httpPostBinding)\""
        if forceAuthn { request += " ForceAuthn=\"true\"" }
        request += "><saml:Issuer>\(XMLText.escaped(issuer))</saml:Issuer>"
        if let nameIDFormat {
            request += "<samlp:NameIDPolicy Format=\"\(XMLText.escaped(nameIDFormat))\" AllowCreate=\"true\"/>"
        }
        return request + "</samlp:AuthnRequest>"
    }

    /// The URL that sends the browser to the IdP (saml-bindings 3.4.4): the request deflated, base64
    /// and URL-encoded, with RelayState, and signed over the query string when a key is given.
    public func redirectURL(
        relayState: String? = nil, signingKey: PrivateKey? = nil, signatureAlgorithm: SignatureAlgorithm = .rsaSHA256
    ) throws(SAMLError) -> String {
        let encoded = Base64.encode(RawDeflate.compress(Array(xml.utf8)))
        var query = "SAMLRequest=" + URLQuery.encode(encoded)
        if let relayState {
            // saml-bindings 3.4.3: RelayState must not exceed 80 bytes.
            guard relayState.utf8.count <= 80 else {
                throw SAMLError(.configurationInvalid, "RelayState is \(relayState.utf8.count) bytes; SAML allows at most 80.")
            }
            query += "&RelayState=" + URLQuery.encode(relayState)
        }
        if let signingKey {
            query += "&SigAlg=" + URLQuery.encode(signatureAlgorithm.uri)
            let signature: [UInt8]
            do {
                signature = try signingKey.sign(Array(query.utf8), algorithm: signatureAlgorithm)
            } catch {
                throw SAMLError(.configurationInvalid, "The AuthnRequest could not be signed: \(error.message)")
            }
            query += "&Signature=" + URLQuery.encode(Base64.encode(signature))
        }
        return destination + (destination.contains("?") ? "&" : "?") + query
    }
}

extension AuthnRequest {
    /// Whether `value` has the shape of an ID from ``makeID()`` (how the ACS tells a RelayState that
    /// names our request from one an IdP-initiated login carries).
    public static func isRequestID(_ value: String) -> Bool {
        value.utf8.count == 41 && value.hasPrefix("_")
            && value.utf8.dropFirst().allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
