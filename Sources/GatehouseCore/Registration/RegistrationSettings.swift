import Foundation

/// How membership works on this portal, from configuration.
public struct RegistrationSettings: Sendable {
    public var selfRegistration: Bool
    public var consent: ConsentNotice?
    public var passwordPolicy: PasswordPolicy
    public var tokenLifetime: TimeInterval
    public var portalName: String
    public var registrationEmail: EmailTemplate
    public var alreadyRegisteredEmail: EmailTemplate
    public var passwordResetEmail: EmailTemplate
    public var invitationEmail: EmailTemplate

    public init(
        selfRegistration: Bool, consent: ConsentNotice?, passwordPolicy: PasswordPolicy = PasswordPolicy(), tokenLifetime: TimeInterval = 86_400,
        portalName: String, registrationEmail: EmailTemplate, alreadyRegisteredEmail: EmailTemplate = .alreadyRegistered,
        passwordResetEmail: EmailTemplate = .passwordReset, invitationEmail: EmailTemplate = .invitation
    ) {
        self.selfRegistration = selfRegistration
        self.consent = consent
        self.passwordPolicy = passwordPolicy
        self.tokenLifetime = tokenLifetime
        self.portalName = portalName
        self.registrationEmail = registrationEmail
        self.alreadyRegisteredEmail = alreadyRegisteredEmail
        self.passwordResetEmail = passwordResetEmail
        self.invitationEmail = invitationEmail
    }
}

extension EmailTemplate {
    public static let registration = EmailTemplate(
        subject: "Confirm your {{portal}} account",
        body:
            "Hello {{name}},\n\nto activate your {{portal}} account, open this link and choose your password:\n\n{{link}}\n\nIf you did not register, ignore this email: without the link no account is activated.\n"
    )
    public static let alreadyRegistered = EmailTemplate(
        subject: "Your {{portal}} account",
        body:
            "Hello {{name}},\n\nsomeone tried to register with this address, which already has an account.\nSign in, or reset your password here:\n\n{{link}}\n"
    )
    public static let passwordReset = EmailTemplate(
        subject: "Reset your {{portal}} password",
        body: "Hello {{name}},\n\nchoose a new password here (the link works once):\n\n{{link}}\n\nIf you did not ask for this, ignore this email.\n")
    public static let invitation = EmailTemplate(
        subject: "You are invited to {{portal}}",
        body: "Hello,\n\nyou are invited to the {{portal}} customer portal. Create your account here (the link works once):\n\n{{link}}\n")
}
