import Foundation
import GatehouseCore
import Testing

@Suite struct OutboxRepositoryContractTests {
    let now = contractNow

    @Test("Queued emails are pending in order, with ids, until marked sent", arguments: StoreKind.testedKinds)
    func pendingUntilSent(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let outbox = repositories.outbox
            #expect(try await outbox.pending() == [])
            let messages = [
                OutboxMessage(recipient: .init("b@example.com")!, subject: "Second", body: "Zwei\nZeilen: äöü 🙂", createdAt: now + 1),
                OutboxMessage(recipient: .init("a@example.com")!, subject: "First", body: "One", createdAt: now),
                OutboxMessage(recipient: .init("c@example.com")!, subject: "Third", body: "", createdAt: now + 2),
            ]
            for message in messages { try await outbox.enqueue(message) }
            let pending = try await outbox.pending()
            #expect(pending.map(\.subject) == ["Second", "First", "Third"])
            let ids = pending.compactMap(\.id)
            #expect(ids.count == 3 && Set(ids).count == 3 && ids == ids.sorted())
            for (stored, message) in zip(pending, messages) {
                var expected = message
                expected.id = stored.id
                #expect(stored == expected)
            }
            try await outbox.markSent(ids[1], at: now + 10)
            try await outbox.markSent(ids[1], at: now + 20)
            try await outbox.markSent(ids[2] + 1000, at: now + 10)
            #expect(try await outbox.pending().map(\.subject) == ["Second", "Third"])
            try await outbox.markSent(ids[0], at: now + 10)
            try await outbox.markSent(ids[2], at: now + 10)
            #expect(try await outbox.pending() == [])
        }
    }

    @Test("A message enqueued as sent is not pending", arguments: StoreKind.testedKinds)
    func enqueuedSent(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            try await repositories.outbox.enqueue(
                OutboxMessage(recipient: .init("a@example.com")!, subject: "s", body: "b", createdAt: now, sentAt: now))
            #expect(try await repositories.outbox.pending() == [])
        }
    }
}
