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
        /// Calls that threw, by reason, per query and store; their time to failure is in `latencies`.
        var failures: [[[String: Int]]]
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
        var (discarded, ignored) = (Latencies(), [String: Int]())
        for kind in kinds {
            for repository in repositories {
                await block(kind, repository, calls: min(kind.calls, 200), seed: 1, into: &discarded, failures: &ignored)
            }
        }
        for gateway in gateways {
            _ = try await gateway.logins(try gateway.mint(loginsPerRound / 4))
            _ = try await gateway.pages(requestsPerRound / 4)
        }

        var figures = Figures(
            latencies: kinds.map { _ in repositories.map { _ in Latencies() } }, failures: kinds.map { _ in repositories.map { _ in [:] } },
            logins: gateways.map { _ in Rounds() },
            pages: gateways.map { _ in Rounds() })
        let start = ContinuousClock.now
        for round in 0..<rounds {
            let order = round % 2 == 0 ? Array(repositories.indices) : Array(repositories.indices.reversed())
            for (index, kind) in kinds.enumerated() {
                for store in order {
                    await block(
                        kind, repositories[store], calls: kind.calls, seed: UInt64(100 + round * 10 + index), into: &figures.latencies[index][store],
                        failures: &figures.failures[index][store])
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
    /// A call that throws (the store's statement timeout) counts as a failure after the time it took.
    func block(
        _ kind: QueryKind, _ repository: any TicketRepository, calls: Int, seed: UInt64, into latencies: inout Latencies,
        failures: inout [String: Int]
    ) async {
        var random = TicketCorpus.SplitMix64(seed: seed)
        let limit = Duration.milliseconds(Int64(budget * 1000))
        let start = ContinuousClock.now
        for _ in 0..<calls where ContinuousClock.now - start < limit {
            let contact = Int64(random.next(below: UInt64(contacts))) + 1
            let callStart = ContinuousClock.now
            do {
                _ = try await kind.call(repository, contact)
            } catch {
                failures[Self.reason(error), default: 0] += 1
            }
            latencies.record(ContinuousClock.now - callStart)
        }
    }

    /// A failed call's reason in a few words (PostgreSQL's SQLSTATE 57014 is its statement timeout).
    static func reason(_ error: any Error) -> String {
        let text = String(reflecting: error)
        return text.contains("sqlState: 57014") ? "statement timeout" : String(text.prefix(120))
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
                do {
                    for repository in repositories { pages.append(try await kind.call(repository, contact)) }
                } catch {
                    differences.append(
                        "\(kind.label), contact \(contact): \(pages.isEmpty ? "SQLite" : "PostgreSQL") failed: \(String(reflecting: error))")
                    break
                }
                let (sqlite, postgres) = (pages[0], pages[1])
                guard sqlite.total != postgres.total || sqlite.tickets.map(\.id) != postgres.tickets.map(\.id) else { continue }
                differences.append("\(kind.label), contact \(contact): total \(sqlite.total) vs \(postgres.total)")
                break
            }
        }
        return differences
    }
}
