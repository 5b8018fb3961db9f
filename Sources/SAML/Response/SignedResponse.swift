import Foundation
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
    /// The assertion's parts, located once.
    let parts: AssertionParts
    /// Whether the assertion's document holds any comment or processing instruction at all.
    let mayContainComments: Bool
    private let bearer = BearerMemo()

    /// The bearer confirmation that satisfies `context`, found once: its policy checks it and the
    /// identity takes its NotOnOrAfter.
    func bearerConfirmation(_ context: ValidationContext) -> Result<BearerConfirmation, SAMLError> {
        if let found = bearer.result { return found }
        let found = BearerConfirmation.firstValid(in: parts.subject, context: context)
        bearer.result = found
        return found
    }

    private final class BearerMemo {
        var result: Result<BearerConfirmation, SAMLError>?
    }

    init(response: XMLTreeElement, assertion: XMLTreeElement, responseSigned: Bool, assertionSigned: Bool, mayContainComments: Bool) {
        self.response = response
        self.assertion = assertion
        self.responseSigned = responseSigned
        self.assertionSigned = assertionSigned
        self.parts = AssertionParts(assertion)
        self.mayContainComments = mayContainComments
    }
}
