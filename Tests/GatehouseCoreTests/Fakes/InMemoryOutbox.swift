import Foundation
import GatehouseCore

/// ``OutboxRepository`` over ``InMemoryStorage``; message ids are their positions plus one.
struct InMemoryOutbox: OutboxRepository {
    let storage: InMemoryStorage

    func enqueue(_ message: OutboxMessage) async throws {
        storage.write { $0.outbox.append(message) }
    }

    func pending() async throws -> [OutboxMessage] {
        storage.read { state in
            state.outbox.enumerated().compactMap { index, message in
                guard message.sentAt == nil else { return nil }
                var numbered = message
                numbered.id = Int64(index + 1)
                return numbered
            }
        }
    }

    func markSent(_ id: Int64, at date: Date) async throws {
        try storage.write { state in
            let index = Int(id) - 1
            guard state.outbox.indices.contains(index) else { throw StoreError.notFound("message \(id)") }
            state.outbox[index].sentAt = date
        }
    }
}
