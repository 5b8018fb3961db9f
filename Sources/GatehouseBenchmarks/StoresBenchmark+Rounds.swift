import Foundation
import GatehouseCore

extension StoresBenchmark {
    /// One repository call measured on both stores.
    struct QueryKind {
        let label: String
        /// For the summary line.
        let short: String
        let calls: Int
        /// PostgreSQL's p99 target in µs.
        let target: Double
        /// Agents' searches ignore the contact: one call shows whether the stores agree.
        let perContact: Bool
        let call: (any TicketRepository, Int64) async throws -> TicketPage
    }

    /// Everything measured, per store (SQLite first).
    struct Figures {
        var latencies: [[Latencies]]
        var logins: [Rounds]
        var pages: [Rounds]
    }

    var queryKinds: [QueryKind] {
        let list = QueryKind(
            label: "list: 25 rows, newest activity first", short: "list", calls: listCalls, target: Self.listTarget, perContact: true
        ) {
            repository, contact in try await repository.customerTickets(TicketVisibility(contactID: contact, filter: .none), query: TicketQuery())
        }
        let scoped = Self.words.map { word in
            QueryKind(
                label: "customer's search \"\(word)\"", short: "search \(word)", calls: searchCalls, target: Self.searchTarget, perContact: true
            ) { repository, contact in
                try await repository.customerTickets(
                    TicketVisibility(contactID: contact, filter: .none), query: TicketQuery(search: TicketSearchTerms(word)))
            }
        }
        let agents = Self.words.map { word in
            QueryKind(
                label: "agents' search \"\(word)\" (all tickets)", short: "agents \(word)", calls: agentCalls, target: Self.searchTarget,
                perContact: false
            ) {
                repository, _ in try await repository.agentTickets(query: TicketQuery(search: TicketSearchTerms(word)))
            }
        }
        return [list] + scoped + agents
    }

    /// Rounds of every query on every store, then logins and pages on every gateway; the store that goes
    /// first alternates by round, and both stores get the same random contacts.
    func measure(_ repositories: [any TicketRepository], _ gateways: [LiveGateway]) async throws -> Figures {
        let kinds = queryKinds
        // Warm-up: statement caches, pooled connections, the executors' threads, the server's buffers.
        var discarded = Latencies()
        for kind in kinds {
            for repository in repositories { try await block(kind, repository, calls: min(kind.calls, 200), seed: 1, into: &discarded) }
        }
        for gateway in gateways {
            _ = try await gateway.logins(try gateway.mint(loginsPerRound / 4))
            _ = try await gateway.pages(requestsPerRound / 4)
        }

        var figures = Figures(
            latencies: kinds.map { _ in repositories.map { _ in Latencies() } }, logins: gateways.map { _ in Rounds() },
            pages: gateways.map { _ in Rounds() })
        let start = ContinuousClock.now
        for round in 0..<rounds {
            let order = round % 2 == 0 ? Array(repositories.indices) : Array(repositories.indices.reversed())
            for (index, kind) in kinds.enumerated() {
                for store in order {
                    try await block(
                        kind, repositories[store], calls: kind.calls, seed: UInt64(100 + round * 10 + index), into: &figures.latencies[index][store])
                }
            }
            for store in order {
                let bodies = try gateways[store].mint(loginsPerRound)
                figures.logins[store].append(try await gateways[store].logins(bodies))
            }
            for store in order { figures.pages[store].append(try await gateways[store].pages(requestsPerRound)) }
            print(String(format: "  round %d of %d done, %.0f s", round + 1, rounds, TicketBenchmark.seconds(ContinuousClock.now - start)))
            fflush(nil)
        }
        return figures
    }

    /// `calls` calls with contacts drawn from `seed`, stopping early when the block has run `budget` seconds.
    func block(_ kind: QueryKind, _ repository: any TicketRepository, calls: Int, seed: UInt64, into latencies: inout Latencies) async throws {
        var random = TicketCorpus.SplitMix64(seed: seed)
        let limit = Duration.milliseconds(Int64(budget * 1000))
        let start = ContinuousClock.now
        for _ in 0..<calls where ContinuousClock.now - start < limit {
            let contact = Int64(random.next(below: UInt64(contacts))) + 1
            let callStart = ContinuousClock.now
            _ = try await kind.call(repository, contact)
            latencies.record(ContinuousClock.now - callStart)
        }
    }

    /// The stores must answer every query with the same tickets in the same order and the same totals, or
    /// the figures compare different work. Returns the differences found (none, normally).
    func checkAgreement(_ repositories: [any TicketRepository]) async throws -> [String] {
        var random = TicketCorpus.SplitMix64(seed: 99)
        var differences: [String] = []
        for kind in queryKinds {
            for _ in 0..<(kind.perContact ? 30 : 1) {
                let contact = Int64(random.next(below: UInt64(contacts))) + 1
                var pages: [TicketPage] = []
                for repository in repositories { pages.append(try await kind.call(repository, contact)) }
                let (sqlite, postgres) = (pages[0], pages[1])
                guard sqlite.total != postgres.total || sqlite.tickets.map(\.id) != postgres.tickets.map(\.id) else { continue }
                differences.append("\(kind.label), contact \(contact): total \(sqlite.total) vs \(postgres.total)")
                break
            }
        }
        return differences
    }
}
