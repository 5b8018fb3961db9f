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

    @Test(
        "Claims lease due messages once; sent, retry and failed record the reply; retry makes a failed one due; list and backlog agree",
        arguments: StoreKind.testedKinds)
    func delivery(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let outbox = repositories.outbox
            for (index, subject) in ["a", "b", "c", "d"].enumerated() {
                try await outbox.enqueue(
                    OutboxMessage(
                        recipient: .init("\(subject)@example.com")!, subject: subject, body: "Body \(subject) äö",
                        html: index == 0 ? "<p>a</p>" : nil,
                        kind: index == 1 ? .notification : .account, language: "fi", createdAt: now + Double(index)))
            }
            #expect(try await outbox.backlog() == OutboxBacklog(count: 4, oldest: now))
            let first = try await outbox.claim(limit: 3, leaseUntil: now + 300, now: now + 10)
            #expect(first.map(\.subject) == ["a", "b", "c"] && first.allSatisfy { $0.attempts == 1 })
            #expect(first[0].html == "<p>a</p>" && first[1].kind == .notification && first[2].language == "fi")
            #expect(Set(first.map(\.messageToken)).count == 3 && first.allSatisfy { $0.messageToken.count == 32 })
            // Leased: another claim gets only the fourth.
            #expect(try await outbox.claim(limit: 10, leaseUntil: now + 300, now: now + 11).map(\.subject) == ["d"])
            let ids = first.compactMap(\.id)
            try await outbox.markSent(ids[0], at: now + 12, reply: "250 queued as X")
            try await outbox.markRetry(ids[1], nextAttemptAt: now + 100, reply: "451 later")
            try await outbox.markFailed(ids[2], at: now + 12, reply: "550 no such user")
            // The retried one is due at +100 only; the failed one never; the sent one never.
            #expect(try await outbox.claim(limit: 10, leaseUntil: now + 400, now: now + 99).isEmpty)
            let again = try await outbox.claim(limit: 10, leaseUntil: now + 400, now: now + 100)
            #expect(again.map(\.subject) == ["b"] && again[0].attempts == 2 && again[0].lastReply == "451 later")
            #expect(again[0].messageToken == first[1].messageToken)
            #expect(try await outbox.messages(.failed, limit: 10).map(\.lastReply) == ["550 no such user"])
            #expect(try await outbox.messages(.sent, limit: 10).map(\.lastReply) == ["250 queued as X"])
            #expect(try await outbox.messages(.all, limit: 2).map(\.subject) == ["d", "c"])
            #expect(try await outbox.retry(ids[2], at: now + 500))
            #expect(!(try await outbox.retry(ids[0], at: now + 500)))
            #expect(try await outbox.messages(.failed, limit: 10).isEmpty)
            let backlog = try await outbox.backlog()
            #expect(backlog.count == 3 && backlog.oldest == now + 1)
        }
    }

    @Test(
        "A batch is marked sent in one call: each with its reply (none keeps the last one), a message already sent untouched",
        arguments: StoreKind.testedKinds)
    func batchMarkedSent(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let outbox = repositories.outbox
            for index in 0..<4 {
                try await outbox.enqueue(
                    OutboxMessage(recipient: EmailAddress("b\(index)@example.com")!, subject: "s\(index)", body: "b", createdAt: now))
            }
            let ids = try await outbox.pending().compactMap(\.id)
            try await outbox.markRetry(ids[1], nextAttemptAt: now, reply: "451 later")
            try await outbox.markSent(ids[3], at: now, reply: "250 first")
            try await outbox.markSent([(ids[0], "250 queued a"), (ids[1], nil), (ids[3], "250 again")], at: now + 5)
            let all = try await outbox.messages(.all, limit: 10).sorted { $0.id! < $1.id! }
            #expect(all.map(\.status) == [.sent, .sent, .pending, .sent])
            #expect(all.map(\.lastReply) == ["250 queued a", "451 later", nil, "250 first"])
            #expect(all.map(\.sentAt) == [now + 5, now + 5, nil, now])
            try await outbox.markSent([], at: now)
        }
    }
}
