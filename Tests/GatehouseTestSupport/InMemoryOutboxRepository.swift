import Foundation
import GatehouseCore

/// ``OutboxRepository`` over ``InMemoryStorage``; message ids are their positions plus one.
public struct InMemoryOutboxRepository: OutboxRepository {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func enqueue(_ message: OutboxMessage) async throws {
        storage.write { $0.outbox.append(message) }
    }

    public func pending() async throws -> [OutboxMessage] {
        storage.read { state in numbered(state.outbox).filter { $0.status == .pending } }
    }

    public func claim(limit: Int, leaseUntil: Date, now: Date) async throws -> [OutboxMessage] {
        storage.write { state in
            var claimed: [OutboxMessage] = []
            for index in state.outbox.indices where claimed.count < limit {
                let message = state.outbox[index]
                guard message.status == .pending, (message.nextAttemptAt ?? now) <= now, (state.outboxLeases[index] ?? now) <= now else { continue }
                state.outbox[index].attempts += 1
                state.outboxLeases[index] = leaseUntil
                var numbered = state.outbox[index]
                numbered.id = Int64(index + 1)
                claimed.append(numbered)
            }
            return claimed
        }
    }

    /// Marking a message that does not exist does nothing, like the store's UPDATE.
    public func markSent(_ id: Int64, at date: Date, reply: String?) async throws {
        update(id) { message in
            message.sentAt = date
            if let reply { message.lastReply = reply }
        }
    }

    public func markRetry(_ id: Int64, nextAttemptAt: Date, reply: String) async throws {
        update(id) { message in
            message.nextAttemptAt = nextAttemptAt
            message.lastReply = reply
        }
    }

    public func markFailed(_ id: Int64, at date: Date, reply: String) async throws {
        update(id) { message in
            message.failedAt = date
            message.lastReply = reply
        }
    }

    public func retry(_ id: Int64, at date: Date) async throws -> Bool {
        update(id) { message in
            message.failedAt = nil
            message.nextAttemptAt = date
        }
    }

    public func messages(_ filter: OutboxFilter, limit: Int) async throws -> [OutboxMessage] {
        storage.read { state in
            Array(
                numbered(state.outbox).reversed().filter { message in
                    switch filter {
                    case .all: true
                    case .pending: message.status == .pending
                    case .sent: message.status == .sent
                    case .failed: message.status == .failed
                    }
                }.prefix(limit))
        }
    }

    public func backlog() async throws -> OutboxBacklog {
        storage.read { state in
            let unsent = state.outbox.filter { $0.status == .pending }
            return OutboxBacklog(count: unsent.count, oldest: unsent.map(\.createdAt).min())
        }
    }

    private func numbered(_ messages: [OutboxMessage]) -> [OutboxMessage] {
        messages.enumerated().map { index, message in
            var numbered = message
            numbered.id = Int64(index + 1)
            return numbered
        }
    }

    /// Changes an unsent message and releases its lease; false when there is none with that id.
    @discardableResult
    private func update(_ id: Int64, _ change: @Sendable (inout OutboxMessage) -> Void) -> Bool {
        storage.write { state in
            let index = Int(id) - 1
            guard state.outbox.indices.contains(index), state.outbox[index].sentAt == nil else { return false }
            change(&state.outbox[index])
            state.outboxLeases[index] = nil
            return true
        }
    }
}
