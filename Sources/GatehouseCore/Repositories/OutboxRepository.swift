import Foundation

/// Emails waiting to be sent; written in the same transaction as what caused them.
public protocol OutboxRepository: Sendable {
    func enqueue(_ message: OutboxMessage) async throws
    func pending() async throws -> [OutboxMessage]
    func markSent(_ id: Int64, at: Date) async throws
}

public struct OutboxMessage: Sendable, Equatable {
    public var id: Int64?
    public var recipient: EmailAddress
    public var subject: String
    public var body: String
    public var createdAt: Date
    public var sentAt: Date?

    public init(id: Int64? = nil, recipient: EmailAddress, subject: String, body: String, createdAt: Date, sentAt: Date? = nil) {
        self.id = id
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.createdAt = createdAt
        self.sentAt = sentAt
    }
}
