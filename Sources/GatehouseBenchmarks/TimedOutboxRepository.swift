import Foundation
import GatehouseCore
import Synchronization

/// An outbox that adds up the time its claims and marks take, so the `mail` benchmark can tell the database's share
/// of a delivery (one durable commit per message marked) from composing and SMTP's.
final class TimedOutboxRepository: OutboxRepository {
    private let outbox: any OutboxRepository
    private let spent = Mutex<(claim: Duration, mark: Duration)>((.zero, .zero))

    init(_ outbox: any OutboxRepository) {
        self.outbox = outbox
    }

    /// Time in `claim` and in the `mark…` calls since the last call of this.
    func takeTimes() -> (claim: Duration, mark: Duration) {
        spent.withLock { spent in
            defer { spent = (.zero, .zero) }
            return spent
        }
    }

    private func timed<T>(_ mark: Bool, _ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - start
            spent.withLock { spent in
                if mark { spent.mark += elapsed } else { spent.claim += elapsed }
            }
        }
        return try await body()
    }

    func enqueue(_ message: OutboxMessage) async throws { try await outbox.enqueue(message) }
    func pending() async throws -> [OutboxMessage] { try await outbox.pending() }

    func claim(limit: Int, leaseUntil: Date, now: Date) async throws -> [OutboxMessage] {
        try await timed(false) { try await outbox.claim(limit: limit, leaseUntil: leaseUntil, now: now) }
    }

    func markSent(_ id: Int64, at: Date, reply: String?) async throws {
        try await timed(true) { try await outbox.markSent(id, at: at, reply: reply) }
    }

    func markSent(_ sent: [(id: Int64, reply: String?)], at: Date) async throws {
        try await timed(true) { try await outbox.markSent(sent, at: at) }
    }

    func markRetry(_ id: Int64, nextAttemptAt: Date, reply: String) async throws {
        try await timed(true) { try await outbox.markRetry(id, nextAttemptAt: nextAttemptAt, reply: reply) }
    }

    func markFailed(_ id: Int64, at: Date, reply: String) async throws {
        try await timed(true) { try await outbox.markFailed(id, at: at, reply: reply) }
    }

    func retry(_ id: Int64, at: Date) async throws -> Bool { try await outbox.retry(id, at: at) }
    func messages(_ filter: OutboxFilter, limit: Int) async throws -> [OutboxMessage] { try await outbox.messages(filter, limit: limit) }
    func backlog() async throws -> OutboxBacklog { try await outbox.backlog() }
}
