/// A refusal as the rest of Gatehouse handles it: the code, the public one-line summary a browser may
/// see, and the detail that goes only to logs.
public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: ReasonCode
    /// Safe to show to anyone: it states the category, never values from the request.
    public let summary: String
    /// For admins and logs: may quote values from the rejected input.
    public let detail: String
    /// For a limit: how many seconds until trying again can succeed (the `Retry-After` header).
    public let retryAfter: Int?

    public init(code: ReasonCode, summary: String, detail: String, retryAfter: Int? = nil) {
        self.code = code
        self.summary = summary
        self.detail = detail
        self.retryAfter = retryAfter
    }

    /// A refusal with the catalog's summary of `code`.
    public init(_ code: ReasonCode, detail: String, retryAfter: Int? = nil) {
        self.init(code: code, summary: Reasons.summary(of: code), detail: detail, retryAfter: retryAfter)
    }

    public var description: String { "\(code): \(detail)" }

    public static func == (lhs: Rejection, rhs: Rejection) -> Bool {
        lhs.code == rhs.code
    }
}
