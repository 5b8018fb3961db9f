/// A refusal shown on a form: the public summary in the page's language and the stable reason code (for
/// support staff: shown small, never as the message itself).
struct FormError: Sendable {
    let summary: String
    let code: String

    /// Whether this error is about the field a form names with one of `codes` (its summary is then shown
    /// next to that field, and the summary at the top links to it).
    func concerns(_ codes: [String]) -> Bool { codes.contains(code) }
}

/// The reason codes that concern one form field, per field.
enum FieldReasons {
    static let email = ["register.email_invalid"]
    static let name = ["register.name_invalid"]
    static let newPassword = ["register.password_policy"]
    static let currentPassword = ["password.current_invalid"]
    static let consent = ["register.consent_required"]
    static let subject = ["ticket.subject_missing", "ticket.subject_too_long"]
    static let message = ["ticket.message_empty", "ticket.message_too_long"]
    static let category = ["ticket.category_invalid"]
    static let priority = ["ticket.priority_invalid"]
    static let stage = ["ticket.stage_invalid"]
}
