import Foundation

/// What a validation is checked against.
struct ValidationContext {
    let serviceProvider: ServiceProvider
    let identityProvider: IdentityProvider
    /// The ID of the AuthnRequest this browser has outstanding, or `nil`.
    let expectedRequestID: String?
    let now: Date
    var skew: TimeInterval { identityProvider.options.clockSkew }
}
