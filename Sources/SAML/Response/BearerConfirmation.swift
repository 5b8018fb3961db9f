import Foundation
import XMLSecurity

/// A `SubjectConfirmation` with the bearer method and its `SubjectConfirmationData`
/// (saml-profiles 4.1.4.2: Recipient, NotOnOrAfter and, when solicited, InResponseTo are required).
struct BearerConfirmation {
    let data: XMLTreeElement?

    /// The bearer confirmations of the assertion's Subject, in document order.
    /// The first bearer confirmation of `subject` that satisfies `context`, or the reason the first
    /// one does not.
    static func firstValid(in subject: XMLTreeElement?, context: ValidationContext) -> Result<BearerConfirmation, SAMLError> {
        let a = SAMLNamespace.assertion
        var firstProblem: SAMLError?
        for confirmation in subject?.children("SubjectConfirmation", in: a) ?? XMLChildElements.empty
        where confirmation.attribute("Method", equals: SAMLIdentifier.bearerConfirmation) {
            let bearer = BearerConfirmation(data: confirmation.firstChild("SubjectConfirmationData", in: a))
            guard let problem = bearer.problem(context) else { return .success(bearer) }
            firstProblem = firstProblem ?? problem
        }
        return .failure(
            firstProblem ?? SAMLError(.bearerConfirmationMissing, "The assertion's Subject has no bearer SubjectConfirmation."))
    }

    /// The instant after which this confirmation may not be used.
    var notOnOrAfter: Date? {
        if case .instant(let instant) = data?.dateTime("NotOnOrAfter") { return instant }
        return nil
    }

    private func problem(_ context: ValidationContext) -> SAMLError? {
        guard let data else {
            return SAMLError(.bearerConfirmationMissing, "The bearer SubjectConfirmation has no SubjectConfirmationData.")
        }
        let acs = context.serviceProvider.assertionConsumerServiceURL
        guard data.attribute("Recipient", equals: acs) else {
            guard let recipient = data.attribute("Recipient") else {
                return SAMLError(.recipientMismatch, "The bearer SubjectConfirmationData has no Recipient; expected \(Quoted.value(acs)).")
            }
            return SAMLError(
                .recipientMismatch, "The bearer Recipient is \(Quoted.value(recipient)) but this SP's ACS URL is \(Quoted.value(acs)).")
        }
        switch data.dateTime("NotOnOrAfter") {
        case .absent:
            return SAMLError(.subjectConfirmationExpired, "The bearer SubjectConfirmationData has no NotOnOrAfter.")
        case .malformed(let raw):
            return SAMLError(.assertionInvalid, "SubjectConfirmationData NotOnOrAfter \(Quoted.value(raw)) is not an xs:dateTime.")
        case .instant(let notOnOrAfter):
            guard context.now < notOnOrAfter.addingTimeInterval(context.skew) else {
                return SAMLError(
                    .subjectConfirmationExpired,
                    "The bearer confirmation expired at \(SAMLDateTime.format(notOnOrAfter)) (now \(SAMLDateTime.format(context.now)), skew \(Int(context.skew)) s)."
                )
            }
        }
        switch data.dateTime("NotBefore") {
        case .absent:
            break
        case .malformed(let raw):
            return SAMLError(.assertionInvalid, "SubjectConfirmationData NotBefore \(Quoted.value(raw)) is not an xs:dateTime.")
        case .instant(let notBefore):
            guard context.now >= notBefore.addingTimeInterval(-context.skew) else {
                return SAMLError(.subjectConfirmationExpired, "The bearer confirmation is not valid before \(SAMLDateTime.format(notBefore)).")
            }
        }
        if let expected = context.expectedRequestID {
            // A solicited response must bind the confirmation to our request, inside the signed assertion.
            guard data.attribute("InResponseTo", equals: expected) else {
                let inResponseTo = data.attribute("InResponseTo")
                return SAMLError(
                    .inResponseToMismatch,
                    "The bearer confirmation answers \(Quoted.value(inResponseTo)) but this login is waiting for \(Quoted.value(expected)).")
            }
        } else if let inResponseTo = data.attribute("InResponseTo") {
            return SAMLError(
                .inResponseToMismatch,
                "The bearer confirmation answers request \(Quoted.value(inResponseTo)), which this SP did not issue or which has expired.")
        }
        return nil
    }
}
