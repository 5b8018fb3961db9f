import Foundation

/// Sends what the outbox holds: claims due messages under a lease, hands them to the transport as one
/// batch, and records each outcome — sent, again later (``RetryPolicy``), or failed with the server's
/// reply.
///
/// Delivery is at least once: a process that dies after the server accepted a message but before it
/// was marked sent leaves it leased; when the lease runs out another worker sends it again, with the
/// same Message-ID (so a receiving system can tell the duplicate).
public struct OutboxDelivery: Sendable {
    let outbox: any OutboxRepository
    let transport: any MailTransport
    let clock: any Clock
    let policy: RetryPolicy
    let jitter: @Sendable () -> Double
    /// Checked again before a notification leaves: an address that unsubscribed after it was queued
    /// (while the mail server was down, say) does not get it.
    let preferences: (any MailPreferenceRepository)?

    /// How long a claim holds messages: longer than a batch can take (each step of SMTP has its own
    /// timeout), short enough that a crashed worker's messages are soon sent by another.
    public static let lease: TimeInterval = 300

    public init(
        outbox: any OutboxRepository, transport: any MailTransport, clock: any Clock, policy: RetryPolicy = RetryPolicy(),
        preferences: (any MailPreferenceRepository)? = nil, jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.preferences = preferences
        self.outbox = outbox
        self.transport = transport
        self.clock = clock
        self.policy = policy
        self.jitter = jitter
    }

    public struct Report: Sendable, Equatable {
        public var sent = 0
        public var temporary = 0
        public var permanent = 0
        /// Messages given up after `maximumAge` of temporary failures (counted in `permanent` too).
        public var givenUp = 0
        /// Notifications not sent because their recipient unsubscribed after they were queued.
        public var withdrawn = 0
        public var claimed: Int { sent + temporary + permanent + withdrawn }
        /// Replies of the failures, for the log: (message id, reply).
        public var failures: [(id: Int64, reply: String, permanent: Bool)] = []

        public init() {}

        public static func == (lhs: Report, rhs: Report) -> Bool {
            (lhs.sent, lhs.temporary, lhs.permanent, lhs.givenUp, lhs.withdrawn) == (
                rhs.sent, rhs.temporary, rhs.permanent, rhs.givenUp, rhs.withdrawn
            )
        }
    }

    /// One batch: up to `limit` due messages.
    public func deliverDue(limit: Int = 50) async throws -> Report {
        let now = clock.now
        var batch = try await outbox.claim(limit: limit, leaseUntil: now.addingTimeInterval(Self.lease), now: now)
        var report = Report()
        guard !batch.isEmpty else { return report }
        let unsubscribed = try await unsubscribedRecipients(of: batch)
        if !unsubscribed.isEmpty {
            for message in batch where message.kind == .notification && unsubscribed.contains(message.recipient) {
                guard let id = message.id else { continue }
                try await outbox.markFailed(id, at: clock.now, reply: Self.withdrawnReply)
                report.withdrawn += 1
            }
            batch.removeAll { $0.kind == .notification && unsubscribed.contains($0.recipient) }
            guard !batch.isEmpty else { return report }
        }
        let outcomes = await transport.deliver(batch)
        var sent: [(id: Int64, reply: String?)] = []
        for (index, message) in batch.enumerated() {
            guard let id = message.id else { continue }
            let outcome = index < outcomes.count ? outcomes[index] : .temporary("the transport gave no outcome for this message")
            let at = clock.now
            switch outcome {
            case .sent(let reply):
                sent.append((id, reply))
                report.sent += 1
            case .permanent(let reply):
                try await outbox.markFailed(id, at: at, reply: reply)
                report.permanent += 1
                report.failures.append((id, reply, true))
            case .temporary(let reply):
                if policy.givesUp(on: message, now: at) {
                    let note = "given up after \(message.attempts) attempts over \(Int(policy.maximumAge / 3_600)) h; last: \(reply)"
                    try await outbox.markFailed(id, at: at, reply: note)
                    report.permanent += 1
                    report.givenUp += 1
                    report.failures.append((id, note, true))
                } else {
                    try await outbox.markRetry(
                        id, nextAttemptAt: policy.nextAttempt(after: message.attempts, now: at, jitter: jitter()), reply: reply)
                    report.temporary += 1
                    report.failures.append((id, reply, false))
                }
            }
        }
        // One commit for the batch's sent messages. Nothing changes for a crash: the batch was sent before
        // any was marked, so a crash before this line sends the whole batch again either way.
        try await outbox.markSent(sent, at: clock.now)
        return report
    }

    /// What `outbox list` shows for a notification withdrawn before it left.
    public static let withdrawnReply = "not sent: the recipient unsubscribed from notifications after it was queued"

    private func unsubscribedRecipients(of batch: [OutboxMessage]) async throws -> Set<EmailAddress> {
        let addresses = Set(batch.filter { $0.kind == .notification }.map(\.recipient))
        guard let preferences, !addresses.isEmpty else { return [] }
        let found = try await preferences.preferences(of: Array(addresses))
        return Set(found.filter { !$0.value.wantsNotifications }.keys)
    }
}
