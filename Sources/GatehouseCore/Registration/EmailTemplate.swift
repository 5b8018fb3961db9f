import Foundation

/// A plain-text email with `{{name}}`, `{{link}}` and `{{portal}}` placeholders, as configured by admins.
///
/// Only these fixed placeholders exist; values are inserted verbatim into plain text (no HTML), so no
/// template engine is needed.
public struct EmailTemplate: Sendable, Equatable {
    public var subject: String
    public var body: String

    public init(subject: String, body: String) {
        self.subject = subject
        self.body = body
    }

    /// Each placeholder filled in one pass (``CompiledTemplate``): a value is never scanned again, so a
    /// name like "{{link}}" stays text; unknown placeholders stay as they are.
    public func render(name: String, link: String, portal: String) -> (subject: String, body: String) {
        let values = ["name": name, "link": link, "portal": portal]
        return (Self.oneLine(CompiledTemplate(subject).render(values)), CompiledTemplate(body).render(values))
    }

    /// Header injection: a subject is one line.
    public static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
