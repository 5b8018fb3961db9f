/// The reason codes Gatehouse itself (not the SAML layer) refuses with, and what each means.
/// The README's table and the refusal page read these; codes never change once released.
public enum Reasons {
    public static let notInAudience: ReasonCode = "access.not_in_audience"
    public static let portalDisabled: ReasonCode = "access.portal_disabled"
    public static let emailMissing: ReasonCode = "signin.email_missing"
    public static let identityProviderUnknown: ReasonCode = "signin.idp_unknown"
    public static let requestUnknown: ReasonCode = "signin.request_unknown"
    public static let invalidCredentials: ReasonCode = "login.invalid_credentials"
    public static let emailUnverified: ReasonCode = "login.email_unverified"
    public static let throttled: ReasonCode = "login.throttled"
    public static let currentPasswordInvalid: ReasonCode = "password.current_invalid"
    public static let rateLimited: ReasonCode = "request.rate_limited"
    public static let registrationClosed: ReasonCode = "register.closed"
    public static let consentRequired: ReasonCode = "register.consent_required"
    public static let passwordPolicy: ReasonCode = "register.password_policy"
    public static let emailInvalid: ReasonCode = "register.email_invalid"
    public static let nameInvalid: ReasonCode = "register.name_invalid"
    public static let tokenInvalid: ReasonCode = "token.invalid"
    public static let unsubscribeLinkInvalid: ReasonCode = "token.unsubscribe_invalid"
    public static let csrfMismatch: ReasonCode = "csrf.token_mismatch"
    public static let originMismatch: ReasonCode = "csrf.origin_mismatch"
    public static let sessionExpired: ReasonCode = "session.expired"
    public static let jwtMalformed: ReasonCode = "jwt.malformed"
    public static let jwtTooLarge: ReasonCode = "jwt.too_large"
    public static let jwtDuplicateClaim: ReasonCode = "jwt.duplicate_claim"
    public static let jwtAppUnknown: ReasonCode = "jwt.app_unknown"
    public static let jwtAlgorithm: ReasonCode = "jwt.algorithm_not_allowed"
    public static let jwtKeyUnknown: ReasonCode = "jwt.key_unknown"
    public static let jwtSignature: ReasonCode = "jwt.signature_invalid"
    public static let jwtIssuer: ReasonCode = "jwt.issuer_mismatch"
    public static let jwtAudience: ReasonCode = "jwt.audience_mismatch"
    public static let jwtExpired: ReasonCode = "jwt.expired"
    public static let jwtNotYetValid: ReasonCode = "jwt.not_yet_valid"
    public static let jwtTooOld: ReasonCode = "jwt.too_old"
    public static let jwtClaimInvalid: ReasonCode = "jwt.claim_invalid"
    public static let jwtReplayed: ReasonCode = "jwt.replayed"
    public static let ticketNotFound: ReasonCode = "ticket.not_found"
    public static let ticketSubjectMissing: ReasonCode = "ticket.subject_missing"
    public static let ticketSubjectTooLong: ReasonCode = "ticket.subject_too_long"
    public static let ticketMessageEmpty: ReasonCode = "ticket.message_empty"
    public static let ticketMessageTooLong: ReasonCode = "ticket.message_too_long"
    public static let ticketCategoryInvalid: ReasonCode = "ticket.category_invalid"
    public static let ticketPriorityInvalid: ReasonCode = "ticket.priority_invalid"
    public static let ticketStageInvalid: ReasonCode = "ticket.stage_invalid"
    public static let ticketPipelineInvalid: ReasonCode = "ticket.pipeline_invalid"
    public static let ticketContactUnknown: ReasonCode = "ticket.contact_unknown"
    public static let agentOnly: ReasonCode = "access.agent_only"
    public static let apiUnauthorized: ReasonCode = "api.unauthorized"
    public static let apiInvalid: ReasonCode = "api.invalid_request"
    public static let requestTooLarge: ReasonCode = "request.too_large"
    public static let requestInvalid: ReasonCode = "request.invalid"
    public static let notFound: ReasonCode = "request.not_found"
    public static let unavailable: ReasonCode = "service.unavailable"

    /// Every code with the one-line meaning a browser may show.
    public static let catalog: [(code: ReasonCode, summary: String)] = [
        (notInAudience, "You don't have access to this portal."),
        (portalDisabled, "The portal is switched off."),
        (emailMissing, "The identity provider did not send an email address."),
        (identityProviderUnknown, "No identity provider of that name is configured."),
        (requestUnknown, "The sign-in response belongs to no sign-in this browser started."),
        (
            invalidCredentials,
            "The email or password is wrong. A new account works once its password was chosen through the link in its confirmation email."
        ),
        (emailUnverified, "The email address is not verified yet; use the link we emailed."),
        (throttled, "Too many sign-in attempts for this account or from this network; wait a little and try again."),
        (currentPasswordInvalid, "The current password is wrong."),
        (registrationClosed, "Self-registration is not open."),
        (consentRequired, "The terms must be accepted to register."),
        (passwordPolicy, "The password does not meet the rules."),
        (emailInvalid, "That is not a valid email address."),
        (nameInvalid, "The name is empty or too long."),
        (tokenInvalid, "The link is invalid, used or expired."),
        (unsubscribeLinkInvalid, "This unsubscribe link is incomplete or was changed; open the link from the email again, in full."),
        (csrfMismatch, "The form expired; reload the page and try again."),
        (originMismatch, "The form was posted from another site."),
        (sessionExpired, "The session expired; sign in again."),
        (jwtMalformed, "The sign-in token is malformed."),
        (jwtTooLarge, "The sign-in token is too large."),
        (jwtDuplicateClaim, "The sign-in token repeats a claim."),
        (jwtAppUnknown, "The sign-in token comes from no configured application."),
        (jwtAlgorithm, "The sign-in token uses an algorithm not allowed for its application."),
        (jwtKeyUnknown, "The sign-in token names a key that is not configured."),
        (jwtSignature, "The sign-in token's signature is invalid."),
        (jwtIssuer, "The sign-in token has the wrong issuer."),
        (jwtAudience, "The sign-in token is meant for another audience."),
        (jwtExpired, "The sign-in token has expired."),
        (jwtNotYetValid, "The sign-in token is not valid yet."),
        (jwtTooOld, "The sign-in token was issued too long ago."),
        (jwtClaimInvalid, "A claim of the sign-in token is missing or of the wrong type."),
        (jwtReplayed, "The sign-in token was already used."),
        (ticketNotFound, "There is no such ticket."),
        (ticketSubjectMissing, "Enter a subject."),
        (ticketSubjectTooLong, "The subject is too long (at most 200 characters)."),
        (ticketMessageEmpty, "Write a message; it cannot be empty."),
        (ticketMessageTooLong, "The message is too long (at most 10,000 characters)."),
        (ticketCategoryInvalid, "Choose one of the offered categories."),
        (ticketPriorityInvalid, "Choose one of the offered priorities."),
        (ticketStageInvalid, "The ticket's pipeline has no such stage."),
        (ticketPipelineInvalid, "There is no such ticket pipeline."),
        (ticketContactUnknown, "There is no contact with that email address."),
        (agentOnly, "This page is for support agents."),
        (apiUnauthorized, "The API token is missing, unknown or revoked."),
        (apiInvalid, "The API request is malformed."),
        (requestTooLarge, "The request is too large."),
        (requestInvalid, "The request is malformed."),
        (rateLimited, "Too many requests for this address or from this network; wait a little and try again."),
        (notFound, "There is no page at this address."),
        (unavailable, "The service is temporarily unavailable."),
    ]

    /// The public summary for `code`, or a generic sentence for codes from other catalogs.
    public static func summary(of code: ReasonCode) -> String {
        catalog.first { $0.code == code }?.summary ?? "The sign-in was refused."
    }
}
