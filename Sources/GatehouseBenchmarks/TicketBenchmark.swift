import Foundation
import GRDB
import GatehouseCore
import GatehouseStore

/// `tickets`: the portal's ticket list and search through `SQLiteTicketRepository` on a help desk of
/// 1,000,000 tickets (50,000 customers, 5,000,000 messages), against the same queries written straight
/// on GRDB in the same run. Latency percentiles per call, random contacts; the seeded database is
/// cached beside a marker naming the corpus version and the schema, so only the first run pays for
/// seeding (~2-3 minutes, 2.5 GB under $TMPDIR).
///
/// Options: `--contacts N` (20 tickets each), `--list N`, `--search N`, `--fts N` (calls of the FTS5
/// plans; 0 skips them), `--budget SECONDS` per variant, `--word W` (repeatable; default printer and
/// thermostat), `--database PATH`, `--reseed`, `--cpu N` (pin to one CPU).
struct TicketBenchmark {
    var contacts = 50_000
    var listCalls = 20_000
    var searchCalls = 5_000
    /// Calls of each FTS5 plan the repository avoids (slow for common words); 0 skips them.
    var ftsCalls = 200
    /// Seconds each variant may spend per measurement: a slow plan gets fewer calls, not an hour.
    var budget = 20.0
    var words = [TicketCorpus.commonWord, TicketCorpus.rareWord]
    var cpu: Int?
    var path: String?
    var reseed = false

    init(arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        var chosenWords: [String] = []
        while let argument = iterator.next() {
            switch argument {
            case "--contacts": contacts = Int(iterator.next() ?? "") ?? contacts
            case "--list": listCalls = Int(iterator.next() ?? "") ?? listCalls
            case "--search": searchCalls = Int(iterator.next() ?? "") ?? searchCalls
            case "--fts": ftsCalls = Int(iterator.next() ?? "") ?? ftsCalls
            case "--budget": budget = Double(iterator.next() ?? "") ?? budget
            case "--word": chosenWords.append(iterator.next() ?? "")
            case "--cpu": cpu = Int(iterator.next() ?? "")
            case "--database": path = iterator.next()
            case "--reseed": reseed = true
            default: throw BenchmarkError("unknown option \(argument)")
            }
        }
        if !chosenWords.isEmpty { words = chosenWords }
        guard words.allSatisfy({ TicketSearchTerms($0) != nil }) else { throw BenchmarkError("--word needs letters or digits") }
    }

    static let listTarget = 1_000.0
    static let searchTarget = 2_000.0

    func run() async throws {
        if let cpu { ProcessResources.pinOrReexec(cpu: cpu) }
        let corpus = TicketCorpus(contacts: contacts)
        let path = self.path ?? Self.defaultPath(contacts: contacts)
        let seeding = try prepare(corpus, at: path)
        let database = try AppDatabase(path: path)
        Self.readIntoPageCache(path)
        let repository = SQLiteTicketRepository(database)
        let pool = database.pool
        let list = TicketQuery()
        try await checkAgreement(repository, pool, contacts: contacts, queries: [list] + words.map { TicketQuery(search: TicketSearchTerms($0)) })

        // Warm-up: statement caches, reader connections, the executor's threads.
        _ = try await compare(variants(list, repository, pool), calls: 2_000, seed: 1)
        let listResults = try await compare(variants(list, repository, pool), calls: listCalls, seed: 2)
        var searchResults: [SearchResults] = []
        for (index, word) in words.enumerated() {
            searchResults.append(try await measureSearch(word, seed: UInt64(10 * (index + 1)), repository, pool))
        }

        let messages = corpus.tickets * TicketCorpus.messagesPerTicket
        print(
            "tickets — \(corpus.tickets) tickets, \(contacts) contacts, \(messages) messages; \(path) "
                + (seeding.map { String(format: "seeded in %.0f s", $0) } ?? "(cached seed v\(TicketCorpus.version))"))
        print(
            "  CPUs allowed: \(ProcessResources.allowedCPUs) of \(ProcessInfo.processInfo.activeProcessorCount); µs per call; "
                + "at most \(Int(budget)) s per variant; load average \(Self.loadAverage)")
        report(
            String(format: "list: 25 rows, newest activity first, status all (%.1f tickets per contact)", listResults[0].averageTotal),
            listResults, target: Self.listTarget)
        for search in searchResults {
            report(
                String(
                    format: "search \"%@\"* (in %d tickets, %.2f%%; %.2f hits per contact)", search.word, search.corpusCount,
                    Double(search.corpusCount) * 100 / Double(corpus.tickets), search.scoped[0].averageTotal),
                search.scoped, target: Self.searchTarget, extra: search.alternatives)
        }
        try Self.readSynchronously(pool) { db in
            for plan in RawTicketQueries.SearchPlan.allCases {
                print("  plan \(plan): " + (try RawTicketQueries.explain(plan, in: db)))
            }
        }
        func p99(_ results: [Outcome]) -> String {
            String(
                format: "p99 %.0f µs (%.2fx raw)", results[0].latencies.summary.p99,
                results[0].latencies.summary.p99 / results.last!.latencies.summary.p99)
        }
        print("tickets: list " + p99(listResults) + searchResults.map { ", search \"\($0.word)\" " + p99($0.scoped) }.joined())
    }

    struct SearchResults {
        let word: String
        /// The repository and raw variants of its query; the baseline last.
        let scoped: [Outcome]
        /// Other plans for the same page.
        let alternatives: [Outcome]
        /// Tickets of the whole corpus that match.
        let corpusCount: Int
    }

    /// The repository's search against raw GRDB, then the FTS5 plans it avoids.
    func measureSearch(_ word: String, seed: UInt64, _ repository: SQLiteTicketRepository, _ pool: DatabasePool) async throws -> SearchResults {
        let query = TicketQuery(search: TicketSearchTerms(word))
        let scoped = try await compare(variants(query, repository, pool), calls: searchCalls, seed: seed)
        var others: [Outcome] = []
        if ftsCalls > 0 {
            let plans = [
                (RawTicketQueries.SearchPlan.matchPerTicket, "FTS5 MATCH per ticket (sync)"), (.matchUnscoped, "FTS5 MATCH unscoped (sync)"),
            ]
            let alternatives = plans.map { plan, label in
                Variant(label) { contact in
                    try Self.readSynchronously(pool) { db in try RawTicketQueries.search(contact: contact, query: query, plan: plan, in: db) }.total
                }
            }
            others = try await compare(alternatives, calls: ftsCalls, seed: seed + 1)
        }
        let corpusCount = try Self.readSynchronously(pool) { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticketSearch WHERE ticketSearch MATCH ?", arguments: [query.search!.fts5MatchExpression])
                ?? 0
        }
        return SearchResults(word: word, scoped: scoped, alternatives: others, corpusCount: corpusCount)
    }

    /// The repository against raw GRDB; the last variant, raw and synchronous, is the baseline.
    func variants(_ query: TicketQuery, _ repository: SQLiteTicketRepository, _ pool: DatabasePool) -> [Variant] {
        let raw: @Sendable (Int64, Database) throws -> TicketPage = { contact, db in
            query.search == nil
                ? try RawTicketQueries.list(contact: contact, query: query, in: db)
                : try RawTicketQueries.search(contact: contact, query: query, in: db)
        }
        var variants = [
            Variant("repository customerTickets") { contact in
                try await repository.customerTickets(TicketVisibility(contactID: contact, filter: .none), query: query).total
            },
            Variant("raw GRDB, async pool.read") { contact in try await pool.read { db in try raw(contact, db) }.total },
        ]
        if query.search == nil {
            variants.append(
                Variant("raw GRDB, sync, prepared per call") { contact in
                    try Self.readSynchronously(pool) { db in try RawTicketQueries.list(contact: contact, query: query, cached: false, in: db) }.total
                })
        }
        variants.append(
            Variant("raw GRDB, sync, cached (baseline)") { contact in try Self.readSynchronously(pool) { db in try raw(contact, db) }.total })
        return variants
    }

    func report(_ title: String, _ results: [Outcome], target: Double, extra: [Outcome] = []) {
        print("  " + title)
        print("    " + "".padding(toLength: 42, withPad: " ", startingAt: 0) + "  calls      p50      p90      p99      max  ×base p50  ×base p99")
        let baseline = results.last!.latencies.summary
        for result in results + extra {
            let summary = result.latencies.summary
            print(
                "    " + result.label.padding(toLength: 42, withPad: " ", startingAt: 0)
                    + String(
                        format: "%7d %8.0f %8.0f %8.0f %8.0f %9.2fx %9.2fx", result.latencies.microseconds.count, summary.p50, summary.p90,
                        summary.p99,
                        summary.max, summary.p50 / baseline.p50, summary.p99 / baseline.p99))
        }
        let p99 = results[0].latencies.summary.p99
        print(String(format: "    target: repository p99 < %.0f µs — %@ (%.0f µs)", target, p99 < target ? "met" : "MISSED", p99))
    }

    /// The cached corpus file under $TMPDIR (the `tickets` and `stores` benchmarks share it).
    static func defaultPath(contacts: Int) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-tickets-v\(TicketCorpus.version)-\(contacts).sqlite").path
    }

    static var loadAverage: String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }
}
