import Foundation
import XMLSecurity

/// Validates a SAML 2.0 Response for one IdP and returns the identity it vouches for.
///
/// The checks are small policies run in a fixed order, and the first failure is the result:
/// 1. parse safely (size, depth, no DOCTYPE);
/// 2. structure — a Response, exactly one SAML 2.0 assertion with an ID in its place, unique IDs,
///    signatures only on the Response or the Assertion;
/// 3. decrypt an `EncryptedAssertion` and apply the structural checks to its plaintext;
/// 4. verify every signature with the pinned keys; one must cover the assertion;
/// 5. claims — issuer, status, destination, InResponseTo, bearer confirmation, validity window,
///    audience, NameID, comment injection, AuthnStatement;
/// 6. record the assertion ID in the replay cache.
/// Nothing reads a claim before step 4 has passed.
public struct ResponseValidator: Sendable {
    public let serviceProvider: ServiceProvider
    public let identityProvider: IdentityProvider
    public let replayCache: any AssertionReplayCache
    public let limits: XMLParserLimits

    static let responseStructure: [any StructurePolicy] = [
        ResponseElementPolicy(), SingleAssertionPolicy(), AssertionElementPolicy(), UniqueIdentifierPolicy(), SignaturePlacementPolicy(),
    ]
    static let decryptedStructure: [any StructurePolicy] = [
        DecryptedAssertionElementPolicy(), SingleAssertionPolicy(), AssertionElementPolicy(), UniqueIdentifierPolicy(),
        SignaturePlacementPolicy(),
    ]
    static let claims: [any ClaimPolicy] = [
        IssuerPolicy(), StatusPolicy(), DestinationPolicy(), InResponseToPolicy(), BearerConfirmationPolicy(),
        ConditionsWindowPolicy(), AudiencePolicy(), NameIDPolicy(), CommentInjectionPolicy(), AuthnStatementPolicy(),
    ]

    public init(
        serviceProvider: ServiceProvider, identityProvider: IdentityProvider, replayCache: any AssertionReplayCache,
        limits: XMLParserLimits = .default
    ) {
        self.serviceProvider = serviceProvider
        self.identityProvider = identityProvider
        self.replayCache = replayCache
        self.limits = limits
    }

    /// Validates `input` — the base64 `SAMLResponse` form value or the XML itself.
    /// - Parameters:
    ///   - expectedRequestID: the ID of the AuthnRequest this browser has outstanding, if any.
    ///   - now: the current time (injected so that tests and replays of fixtures can pin it).
    public func validate(_ input: [UInt8], expectedRequestID: String?, now: Date) throws(SAMLError) -> VerifiedAssertion {
        let xml = try ResponseInput.xmlBytes(from: input, limits: limits)
        let tree: XMLTree
        do {
            tree = try XMLTree.parse(xml, limits: limits)
        } catch {
            throw SAMLError(parsing: error)
        }

        let document = DocumentStructure(root: tree.root)
        try Self.apply(Self.responseStructure, to: document)
        // SingleAssertionPolicy guarantees exactly one assertion in place.
        var assertion = document.assertion!
        var assertionDocument = document
        if assertion.is("EncryptedAssertion", in: SAMLNamespace.assertion) {
            let plaintext = try AssertionDecryption.decrypt(assertion, serviceProvider: serviceProvider, limits: limits)
            assertionDocument = DocumentStructure(root: plaintext.root)
            try Self.apply(Self.decryptedStructure, to: assertionDocument)
            assertion = plaintext.root
        }

        let signed = try ResponseSignatures.verify(response: document.root, assertion: assertion, identityProvider: identityProvider)
        let response = SignedResponse(
            response: document.root, assertion: assertion, responseSigned: signed.responseSigned, assertionSigned: signed.assertionSigned,
            mayContainComments: assertionDocument.containsCommentOrProcessingInstruction)
        let context = ValidationContext(
            serviceProvider: serviceProvider, identityProvider: identityProvider, expectedRequestID: expectedRequestID, now: now)
        for policy in Self.claims {
            if let failure = policy.check(response, context: context) { throw failure }
        }

        let confirmation = try response.bearerConfirmation(context).get()
        let verified = try VerifiedAssertion(response, confirmation: confirmation, context: context)
        try recordUse(of: verified, context: context)
        return verified
    }

    private func recordUse(of assertion: VerifiedAssertion, context: ValidationContext) throws(SAMLError) {
        let fresh: Bool
        do {
            fresh = try replayCache.markUsed(
                assertionID: assertion.assertionID, issuer: assertion.identityProvider,
                until: assertion.validUntil.addingTimeInterval(context.skew), now: context.now)
        } catch {
            throw SAMLError(.replayCacheUnavailable, "The replay cache could not record the assertion (\(type(of: error))).")
        }
        guard fresh else {
            throw SAMLError(
                .replayed, "Assertion \(Quoted.value(assertion.assertionID)) from \(Quoted.value(assertion.identityProvider)) was already used.")
        }
    }

    private static func apply(_ policies: [any StructurePolicy], to document: DocumentStructure) throws(SAMLError) {
        for policy in policies {
            if let failure = policy.check(document) { throw failure }
        }
    }
}
