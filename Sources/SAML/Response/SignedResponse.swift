import XMLSecurity

/// A response whose assertion is covered by a verified signature: the only value claims are read from.
struct SignedResponse {
    /// The document element `samlp:Response`.
    let response: XMLTreeElement
    /// The single assertion (decrypted when it arrived encrypted).
    let assertion: XMLTreeElement
    /// Whether a verified signature covers the Response element (and so its Destination, Status, …).
    let responseSigned: Bool
    /// Whether a verified signature sits on the Assertion itself.
    let assertionSigned: Bool
}

/// What a validation is checked against.
struct ValidationContext {
    let serviceProvider: ServiceProvider
    let identityProvider: IdentityProvider
    /// The ID of the AuthnRequest this browser has outstanding, or `nil`.
    let expectedRequestID: String?
    let now: Date
    var skew: TimeInterval { identityProvider.options.clockSkew }
}

import Foundation
