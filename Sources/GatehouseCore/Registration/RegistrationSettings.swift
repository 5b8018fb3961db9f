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
    /// The language of emails with no page behind them (an invitation from the CLI).
    public var defaultLanguage: String

    public init(
        selfRegistration: Bool, consent: ConsentNotice?, passwordPolicy: PasswordPolicy = PasswordPolicy(), tokenLifetime: TimeInterval = 86_400,
        portalName: String, registrationEmail: EmailTemplate, alreadyRegisteredEmail: EmailTemplate = .alreadyRegistered,
        passwordResetEmail: EmailTemplate = .passwordReset, invitationEmail: EmailTemplate = .invitation, defaultLanguage: String = "en"
    ) {
        self.defaultLanguage = defaultLanguage
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

extension RegistrationSettings {
    public enum AccountEmail: Sendable {
        case registration, alreadyRegistered, passwordReset, invitation
    }

    /// The template of an account email in `language` (nil: the default), and the language it is in. A
    /// template the admin configured (one that differs from the built-in English) is used in every
    /// language; otherwise the built-in translation.
    public func template(_ email: AccountEmail, language requested: String?) -> (template: EmailTemplate, language: String) {
        let language = requested.flatMap { AccountEmailTexts.builtIn[$0] == nil ? nil : $0 } ?? defaultLanguage
        let (configured, builtIn): (EmailTemplate, KeyPath<AccountEmailTexts, EmailTemplate>) =
            switch email {
            case .registration: (registrationEmail, \.registration)
            case .alreadyRegistered: (alreadyRegisteredEmail, \.alreadyRegistered)
            case .passwordReset: (passwordResetEmail, \.passwordReset)
            case .invitation: (invitationEmail, \.invitation)
            }
        if configured != AccountEmailTexts.english[keyPath: builtIn] { return (configured, language) }
        return ((AccountEmailTexts.builtIn[language] ?? AccountEmailTexts.english)[keyPath: builtIn], language)
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
