import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import Logging
import Mail

/// `notify`: what queueing ticket notifications costs a reply. The same replies through the app's
/// `TicketService` (its notifier looks up the recipients, their language and choice, and queues the
/// email in the reply's transaction) and through a `TicketService` whose notifier queues nothing, on
/// the same SQLite file (synchronous FULL, so every reply waits for its fsync as in production),
/// alternating in rounds. Two replies: an agent's public answer (one customer on the ticket gets an
/// email) and a customer's reply (the agents' address and a list of three agents get one each).
///
/// Replies go round 2,000 tickets of the customer's, so a ticket has a few messages by the end.
///
/// Options: `--rounds N` (default 9), `--replies N` per round and variant (default 200), `--cpu N`.
struct NotificationBenchmark {
    var rounds = 9
    var replies = 200
    var cpu: Int?

    init(arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--rounds": rounds = Int(iterator.next() ?? "") ?? rounds
            case "--replies": replies = Int(iterator.next() ?? "") ?? replies
            case "--cpu": cpu = Int(iterator.next() ?? "")
            default: throw BenchmarkError("unknown option \(argument)")
            }
        }
    }

    /// The issue's budget: queueing a notification adds at most 5% to a reply.
    static let budget = 0.05

    func run() async throws {
        if let cpu { ProcessResources.pinOrReexec(cpu: cpu) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = GatehouseConfiguration(
            portal: .init(baseURL: try BaseURL("https://support.example.com"), title: "Benchmark Support"),
            databasePath: directory.appendingPathComponent("notify.sqlite").path,
            // A transport, so that notifications are queued at all; no worker runs here, nothing is sent.
            email: .init(
                transport: .sendmail(["/bin/true"]), from: try MailAddress("support@example.com"),
                notifications: .init(agentsAddress: EmailAddress("team@example.com"), agentsList: "Agents")))
        var logger = Logger(label: "benchmark")
        logger.logLevel = .critical
        let repositories = Repositories.sqlite(try AppDatabase(path: configuration.databasePath))
        let dependencies = try await AppDependencies(
            configuration: configuration, repositories: repositories, clock: SystemClock(), hasher: BcryptPasswordHasher(cost: 4), logger: logger)
        let notifying = dependencies.tickets
        let silent = TicketService(repository: repositories.tickets, settings: configuration.tickets, clock: SystemClock())

        let now = Date()
        let customer = try await repositories.contacts.createContact(
            email: EmailAddress("ada@example.com")!, name: "Ada Lovelace", verified: true, isPortalAdmin: false, at: now)
        let agent = try await repositories.contacts.createContact(
            email: EmailAddress("sam@example.com")!, name: "Sam Support", verified: true, isPortalAdmin: false, at: now)
        let list = try await repositories.lists.createList(named: "Agents", at: now)
        for index in 1...3 {
            let member = try await repositories.contacts.createContact(
                email: EmailAddress("agent\(index)@example.com")!, name: "Agent \(index)", verified: true, isPortalAdmin: false, at: now)
            try await repositories.lists.addMember(member.id, to: list.id, at: now)
        }
        try await repositories.mailPreferences.setLanguage("fi", for: customer.email)
        // Many tickets, each answered a few times, as at a help desk: one ticket with thousands of messages
        // would measure the growing conversation (every reply reads it), not the notification.
        var tickets: [Ticket.ID] = []
        for index in 0..<2_000 {
            guard
                case .success(let ticket) = try await silent.fileTicket(
                    subject: "Printer \(index) on fire", body: "It smokes.", category: nil, priority: nil, by: customer)
            else { throw BenchmarkError("a setup ticket was refused") }
            tickets.append(ticket.id)
        }
        let next = Counter()
        let body = String(repeating: "Please unplug the printer and wait a minute before you plug it in again. ", count: 8)
        let author = TicketMessage.Author.agent(agent.id, name: agent.name)

        func answer(_ service: TicketService) async throws {
            guard
                case .success = try await service.agentReply(
                    to: tickets[next.take() % tickets.count], body: body, kind: .publicMessage, author: author)
            else {
                throw BenchmarkError("an answer was refused")
            }
        }
        func customerReply(_ service: TicketService) async throws {
            guard case .success = try await service.reply(to: tickets[next.take() % tickets.count], body: body, by: customer, language: "fi") else {
                throw BenchmarkError("a reply was refused")
            }
        }
        // Warm up both paths (prepared statements, page cache).
        for _ in 0..<20 {
            try await answer(silent)
            try await answer(notifying)
            try await customerReply(silent)
            try await customerReply(notifying)
        }
        let outboxBefore = try await repositories.outbox.backlog().count

        let variants: [(name: String, service: TicketService, reply: (TicketService) async throws -> Void)] = [
            ("agent answer, no notifier", silent, answer), ("agent answer, 1 email queued", notifying, answer),
            ("customer reply, no notifier", silent, customerReply), ("customer reply, 4 emails queued", notifying, customerReply),
        ]
        // Paired and interleaved: each step times one reply of every variant, in an order that rotates, so
        // that the disk's fsync noise and the tickets' growth fall on all of them alike; figures are medians
        // of single replies per round, then the median over rounds.
        var perRound: [[Double]] = Array(repeating: [], count: variants.count)
        for round in 0..<rounds {
            var samples: [[Double]] = Array(repeating: [], count: variants.count)
            for step in 0..<replies {
                for offset in 0..<variants.count {
                    let index = (offset + step + round) % variants.count
                    let start = ContinuousClock.now
                    try await variants[index].reply(variants[index].service)
                    let elapsed = ContinuousClock.now - start
                    samples[index].append(Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
                }
            }
            for index in variants.indices { perRound[index].append(Self.median(samples[index])) }
        }
        let queued = try await repositories.outbox.backlog().count - outboxBefore
        let expected = rounds * replies * (1 + 4)
        guard queued == expected else { throw BenchmarkError("\(queued) emails queued, expected \(expected)") }

        print("notify: \(rounds) rounds × \(replies) replies per variant, interleaved, SQLite synchronous FULL, \(queued) emails queued")
        print("variant                              µs/reply (median)   rounds")
        let medians = perRound.map(Self.median)
        for (index, variant) in variants.enumerated() {
            print(
                variant.name.padding(toLength: 36, withPad: " ", startingAt: 0) + String(format: " %8.0f            ", medians[index])
                    + perRound[index].map { String(format: "%.0f", $0) }.joined(separator: ", "))
        }
        for (base, with) in [(0, 1), (2, 3)] {
            let cost = medians[with] / medians[base] - 1
            print(
                String(
                    format: "%@: %+.1f%% per reply (%+.0f µs) — budget %.0f%%: %@", variants[with].name, cost * 100, medians[with] - medians[base],
                    Self.budget * 100, cost <= Self.budget ? "met" : "MISSED"))
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

/// Hands out 0, 1, 2, … (the benchmark's replies run one at a time).
private final class Counter: @unchecked Sendable {
    private var value = 0

    func take() -> Int {
        defer { value += 1 }
        return value
    }
}
