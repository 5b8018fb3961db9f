import Foundation
import GatehouseCore
import GatehouseTestSupport
import Testing

@Suite struct OutboxDeliveryTests {
    /// Answers with the outcomes it is given, in turn, and records what it was asked to send.
    final class ScriptedTransport: MailTransport, @unchecked Sendable {
        // Tests call deliver from one task at a time.
        var outcomes: [DeliveryOutcome]
        var sent: [[String]] = []

        init(_ outcomes: [DeliveryOutcome]) { self.outcomes = outcomes }

        func deliver(_ messages: [OutboxMessage]) async -> [DeliveryOutcome] {
            sent.append(messages.map(\.subject))
            return messages.map { _ in outcomes.isEmpty ? .sent("250 ok") : outcomes.removeFirst() }
        }
    }

    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func queue(_ subjects: [String], in outbox: InMemoryOutboxRepository) async throws {
        for subject in subjects {
            try await outbox.enqueue(OutboxMessage(recipient: EmailAddress("a@example.com")!, subject: subject, body: "b", createdAt: start))
        }
    }

    @Test("Sent, temporary and permanent outcomes are recorded; a temporary failure waits its backoff, then is sent")
    func outcomes() async throws {
        let outbox = InMemoryOutboxRepository(storage: InMemoryStorage())
        try await queue(["one", "two", "three"], in: outbox)
        let clock = ManualClock(start)
        let transport = ScriptedTransport([.sent("250 queued 1"), .temporary("451 later"), .permanent("550 no such user")])
        let delivery = OutboxDelivery(outbox: outbox, transport: transport, clock: clock, policy: RetryPolicy(firstDelay: 30), jitter: { 0.5 })
        let first = try await delivery.deliverDue()
        #expect((first.sent, first.temporary, first.permanent) == (1, 1, 1))
        let all = try await outbox.messages(.all, limit: 10).sorted { $0.id! < $1.id! }
        #expect(all.map(\.status) == [.sent, .pending, .failed])
        #expect(all.map(\.lastReply) == ["250 queued 1", "451 later", "550 no such user"])
        #expect(all[1].nextAttemptAt == start.addingTimeInterval(30))
        // Not due yet: nothing is claimed.
        clock.advance(by: 29)
        #expect(try await delivery.deliverDue().claimed == 0)
        clock.advance(by: 2)
        let second = try await delivery.deliverDue()
        #expect(second.sent == 1 && transport.sent.last == ["two"])
        #expect(try await outbox.messages(.all, limit: 10).first { $0.subject == "two" }?.attempts == 2)
        // The permanent failure is never claimed again, until retried.
        clock.advance(by: 3_600)
        #expect(try await delivery.deliverDue().claimed == 0)
        let failedID = try #require(all[2].id)
        #expect(try await outbox.retry(failedID, at: clock.now))
        #expect(try await delivery.deliverDue().sent == 1)
        #expect(try await outbox.backlog() == OutboxBacklog(count: 0, oldest: nil))
    }

    @Test("Backoff doubles up to the maximum, with ±20% jitter; past the maximum age a message is given up")
    func backoffAndGivingUp() async throws {
        let policy = RetryPolicy(firstDelay: 30, maximumDelay: 600, maximumAge: 3_600)
        #expect(policy.nextAttempt(after: 1, now: start, jitter: 0.5) == start.addingTimeInterval(30))
        #expect(policy.nextAttempt(after: 3, now: start, jitter: 0.5) == start.addingTimeInterval(120))
        #expect(policy.nextAttempt(after: 10, now: start, jitter: 0.5) == start.addingTimeInterval(600))
        #expect(policy.nextAttempt(after: 1, now: start, jitter: 0) == start.addingTimeInterval(24))
        #expect(policy.nextAttempt(after: 1, now: start, jitter: 0.999).timeIntervalSince(start) < 36)

        let outbox = InMemoryOutboxRepository(storage: InMemoryStorage())
        try await queue(["old"], in: outbox)
        let clock = ManualClock(start.addingTimeInterval(3_600))
        let delivery = OutboxDelivery(outbox: outbox, transport: ScriptedTransport([.temporary("421 down")]), clock: clock, policy: policy)
        let report = try await delivery.deliverDue()
        #expect(report.givenUp == 1 && report.permanent == 1)
        let failed = try #require(try await outbox.messages(.failed, limit: 1).first)
        #expect(failed.lastReply?.contains("given up after 1 attempts") == true && failed.lastReply?.contains("421 down") == true)
    }

    @Test("A claim holds messages for its lease: a second worker gets nothing until it runs out (a crashed worker's messages are sent again)")
    func lease() async throws {
        let outbox = InMemoryOutboxRepository(storage: InMemoryStorage())
        try await queue(["a", "b"], in: outbox)
        let claimed = try await outbox.claim(limit: 10, leaseUntil: start.addingTimeInterval(300), now: start)
        #expect(claimed.map(\.subject) == ["a", "b"] && claimed.allSatisfy { $0.attempts == 1 })
        #expect(try await outbox.claim(limit: 10, leaseUntil: start.addingTimeInterval(600), now: start.addingTimeInterval(299)).isEmpty)
        let again = try await outbox.claim(limit: 10, leaseUntil: start.addingTimeInterval(900), now: start.addingTimeInterval(300))
        #expect(again.map(\.subject) == ["a", "b"] && again.allSatisfy { $0.attempts == 2 })
        #expect(again.map(\.messageToken) == claimed.map(\.messageToken))
    }

    @Test("A notification whose recipient unsubscribed after it was queued is withdrawn, not sent; account emails to them still leave")
    func withdrawnAfterUnsubscribing() async throws {
        let storage = InMemoryStorage()
        let outbox = InMemoryOutboxRepository(storage: storage)
        let preferences = InMemoryMailPreferenceRepository(storage: storage)
        let ada = EmailAddress("ada@example.com")!
        let bob = EmailAddress("bob@example.com")!
        try await outbox.enqueue(OutboxMessage(recipient: ada, subject: "answer", body: "b", kind: .notification, createdAt: start))
        try await outbox.enqueue(OutboxMessage(recipient: ada, subject: "reset", body: "b", kind: .account, createdAt: start))
        try await outbox.enqueue(OutboxMessage(recipient: bob, subject: "answer for bob", body: "b", kind: .notification, createdAt: start))
        try await preferences.setNotificationsOff(start, for: ada)
        let transport = ScriptedTransport([])
        let delivery = OutboxDelivery(outbox: outbox, transport: transport, clock: ManualClock(start), preferences: preferences)
        let report = try await delivery.deliverDue()
        #expect((report.sent, report.withdrawn, report.claimed) == (2, 1, 3))
        #expect(transport.sent == [["reset", "answer for bob"]])
        let withdrawn = try #require(try await outbox.messages(.failed, limit: 10).first)
        #expect(withdrawn.subject == "answer" && withdrawn.lastReply == OutboxDelivery.withdrawnReply)
    }
}
