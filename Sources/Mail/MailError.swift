/// Why a message could not be built or sent: a stable code, whether trying again later can help, the
/// SMTP server's reply when there was one, and a human description for `outbox list` and the log.
public struct MailError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let invalidAddress = Code(rawValue: "mail.invalid_address")
        public static let invalidHeader = Code(rawValue: "mail.invalid_header")
        public static let connectionFailed = Code(rawValue: "mail.connection_failed")
        public static let timeout = Code(rawValue: "mail.timeout")
        public static let tlsFailed = Code(rawValue: "mail.tls_failed")
        public static let tlsUnavailable = Code(rawValue: "mail.starttls_unavailable")
        public static let authenticationUnavailable = Code(rawValue: "mail.auth_unavailable")
        public static let authenticationRefused = Code(rawValue: "mail.auth_refused")
        public static let protocolViolation = Code(rawValue: "mail.protocol_violation")
        public static let refused = Code(rawValue: "mail.refused")
        public static let tooLarge = Code(rawValue: "mail.too_large")
        public static let utf8Unsupported = Code(rawValue: "mail.smtputf8_unsupported")
        public static let sendmailFailed = Code(rawValue: "mail.sendmail_failed")
    }

    public let code: Code
    /// Trying again later may succeed (SMTP 4xx, the connection, TLS, a timeout); otherwise it never will.
    public let temporary: Bool
    public let reply: SMTPReply?
    public let detail: String

    public init(_ code: Code, _ detail: String, temporary: Bool = false, reply: SMTPReply? = nil) {
        self.code = code
        self.detail = detail
        self.temporary = temporary
        self.reply = reply
    }

    /// A refusal by the server: 4xx temporary, 5xx (and anything else) permanent (RFC 5321 4.2.1).
    static func refused(_ reply: SMTPReply, during step: String) -> MailError {
        MailError(.refused, "\(step): the server answered \(reply.summary)", temporary: reply.isTransient, reply: reply)
    }

    public var description: String { "\(code.rawValue): \(detail)" }

    public static func == (lhs: MailError, rhs: MailError) -> Bool { lhs.code == rhs.code }
}
