import Foundation

/// Emails waiting to be sent, written in the same transaction as what caused them, and their delivery
/// state: claimed under a lease by one worker at a time (several instances share the queue), then sent,
/// retried later, or failed for good.
public protocol OutboxRepository: Sendable {
    func enqueue(_ message: OutboxMessage) async throws
    /// Messages neither sent nor failed, oldest first.
    func pending() async throws -> [OutboxMessage]
    /// Up to `limit` pending messages that are due (`nextAttemptAt` passed) and not leased, oldest first,
    /// leased to the caller until `leaseUntil`, each one's `attempts` counted up. Two workers never get the
    /// same message while its lease runs.
    func claim(limit: Int, leaseUntil: Date, now: Date) async throws -> [OutboxMessage]
    /// Sent: `reply` is the server's acceptance. Marking a message that does not exist does nothing.
    func markSent(_ id: Int64, at: Date, reply: String?) async throws
    /// A batch's sent messages in one write (one commit instead of one per message).
    func markSent(_ sent: [(id: Int64, reply: String?)], at: Date) async throws
    /// A temporary failure: due again at `nextAttemptAt`, the lease released.
    func markRetry(_ id: Int64, nextAttemptAt: Date, reply: String) async throws
    /// A permanent failure (or given up): never claimed again unless ``retry(_:at:)``.
    func markFailed(_ id: Int64, at: Date, reply: String) async throws
    /// A failed or waiting message due now again (`outbox retry`); false when there is no such unsent message.
    func retry(_ id: Int64, at: Date) async throws -> Bool
    /// The newest `limit` messages in a state, newest first (`outbox list`).
    func messages(_ filter: OutboxFilter, limit: Int) async throws -> [OutboxMessage]
    /// Messages not yet sent nor failed, and when the oldest of them was queued (metrics).
    func backlog() async throws -> OutboxBacklog
}

extension OutboxRepository {
    public func markSent(_ id: Int64, at date: Date) async throws {
        try await markSent(id, at: date, reply: nil)
    }

    /// One at a time, for stores without a cheaper way.
    public func markSent(_ sent: [(id: Int64, reply: String?)], at date: Date) async throws {
        for (id, reply) in sent { try await markSent(id, at: date, reply: reply) }
    }
}

public enum OutboxFilter: String, Sendable, CaseIterable {
    case pending, sent, failed, all
}

public struct OutboxBacklog: Sendable, Equatable {
    public var count: Int
    public var oldest: Date?

    public init(count: Int, oldest: Date?) {
        self.count = count
        self.oldest = oldest
    }
}
