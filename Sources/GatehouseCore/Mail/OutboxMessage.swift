import Foundation

/// One queued email and its delivery state.
public struct OutboxMessage: Sendable, Equatable {
    /// Account emails (verification, reset, invitation) are always sent; notifications honour the
    /// contact's choice.
    public enum Kind: String, Sendable, CaseIterable {
        case account, notification
    }

    public enum Status: String, Sendable {
        case pending, sent, failed
    }

    public var id: Int64?
    public var recipient: EmailAddress
    public var subject: String
    /// Plain text; the HTML alternative is made from it when `html` is nil.
    public var body: String
    public var html: String?
    public var kind: Kind
    /// The recipient's language (en, fi, de); nil: the portal's default.
    public var language: String?
    /// Random, made when the message is queued: the Message-ID's left part, the same on every retry.
    public var messageToken: String
    public var createdAt: Date
    public var sentAt: Date?
    public var failedAt: Date?
    /// Delivery attempts begun (a claim counts one).
    public var attempts: Int
    public var nextAttemptAt: Date?
    /// The mail server's last answer, or why the attempt failed before it answered.
    public var lastReply: String?
    /// A notification's one-click unsubscribe link (the List-Unsubscribe header; the body has it too).
    public var unsubscribeURL: String?
    /// The conversation a notification belongs to (`ticket-12`), for the References header that lets mail
    /// programs thread a ticket's emails.
    public var threadID: String?

    public init(
        id: Int64? = nil, recipient: EmailAddress, subject: String, body: String, html: String? = nil, kind: Kind = .account,
        language: String? = nil, messageToken: String = OutboxMessage.newToken(), createdAt: Date, sentAt: Date? = nil, failedAt: Date? = nil,
        attempts: Int = 0, nextAttemptAt: Date? = nil, lastReply: String? = nil, unsubscribeURL: String? = nil, threadID: String? = nil
    ) {
        self.unsubscribeURL = unsubscribeURL
        self.threadID = threadID
        self.id = id
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.html = html
        self.kind = kind
        self.language = language
        self.messageToken = messageToken
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.failedAt = failedAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastReply = lastReply
    }

    public var status: Status { sentAt != nil ? .sent : failedAt != nil ? .failed : .pending }

    /// 128 random bits in hex: unique across instances and restarts.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let value = generator.next() as UInt64
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
