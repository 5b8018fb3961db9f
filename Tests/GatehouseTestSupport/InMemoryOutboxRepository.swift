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
        storage.read { state in
            state.outbox.enumerated().compactMap { index, message in
                guard message.sentAt == nil else { return nil }
                var numbered = message
                numbered.id = Int64(index + 1)
                return numbered
            }
        }
    }

    /// Marking a message that does not exist does nothing, like the store's UPDATE.
    public func markSent(_ id: Int64, at date: Date) async throws {
        storage.write { state in
            let index = Int(id) - 1
            guard state.outbox.indices.contains(index) else { return }
            state.outbox[index].sentAt = date
        }
    }
}
