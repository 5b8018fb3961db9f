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
