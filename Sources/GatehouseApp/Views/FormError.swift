/// A refusal shown on a form: the public summary in the page's language and the stable reason code (for
/// support staff: shown small, never as the message itself).
struct FormError: Sendable {
    let summary: String
    let code: String

    /// Whether this error is about the field a form names with one of `codes` (its summary is then shown
    /// next to that field, and the summary at the top links to it).
    func concerns(_ codes: [String]) -> Bool { codes.contains(code) }
}
