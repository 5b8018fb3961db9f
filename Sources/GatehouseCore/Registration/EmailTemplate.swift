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

    public func render(name: String, link: String, portal: String) -> (subject: String, body: String) {
        let values = ["{{name}}": name, "{{link}}": link, "{{portal}}": portal]
        return (Self.oneLine(Self.fill(subject, values)), Self.fill(body, values))
    }

    /// Each placeholder replaced in one pass over the template: a value is never scanned again, so a
    /// name like "{{link}}" stays text. Unknown placeholders stay as they are.
    public static func fill(_ text: String, _ values: [String: String]) -> String {
        var output = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            let candidate = rest[open.lowerBound...]
            if let (placeholder, value) = values.first(where: { candidate.hasPrefix($0.key) }) {
                output += value
                rest = candidate.dropFirst(placeholder.count)
            } else {
                output += "{{"
                rest = candidate.dropFirst(2)
            }
        }
        return output + rest
    }

    /// Header injection: a subject is one line.
    public static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
