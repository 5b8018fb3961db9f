import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseStorePostgres
import Logging

/// `stores`: SQLite and PostgreSQL side by side in one run — the ticket list and searches through each
/// store's `TicketRepository` on the `tickets` corpus (1,000,000 tickets, 50,000 contacts), and SAML ACS
/// logins and signed-in `GET /tickets` through the in-process gateway as `gateway-live` drives it — in
/// interleaved rounds whose store order alternates, so a burst of load on the shared machine lands on both.
///
/// PostgreSQL gets the corpus the way `gatehouse db copy` moves a deployment (`AppDatabase.exportTables`
/// into `PostgresStore.importing`), into a schema named after the corpus and the SQLite schema's
/// fingerprint; the next run keeps it when its migrations are current and every table's row count matches
/// the SQLite file's (see `StoresBenchmark+Corpus.swift`).
///
/// Options: `--postgres-url URL` (else `PGCLUSTER_URL`, which `scripts/postgres-cluster` writes to DIR/env;
/// the password from `GATEHOUSE_DATABASE_PASSWORD`, else `PGCLUSTER_PASSWORD`), `--rounds N`, calls per
/// round and store: `--list N`, `--search N` (each word), `--agent N` (each word), `--logins N`,
/// `--requests N`; `--connections N`, `--budget SECONDS` (a block's longest time), `--reimport`, and
/// `--trace-sign-in` (one sign-in and one page on PostgreSQL between marker statements, for a server
/// running with `log_statement = all`; nothing is measured).
struct StoresBenchmark {
    var postgresURL: String?
    var rounds = 7
    var contacts = 50_000
    var listCalls = 2_000
    var searchCalls = 400
    var agentCalls = 200
    var loginsPerRound = 200
    var requestsPerRound = 4_000
    var connections = 4
    var budget = 5.0
    var reimport = false
    var traceSignIn = false

    init(arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        func number(_ fallback: Int) -> Int { Int(iterator.next() ?? "") ?? fallback }
        while let argument = iterator.next() {
            switch argument {
            case "--postgres-url": postgresURL = iterator.next()
            case "--rounds": rounds = number(rounds)
            case "--contacts": contacts = number(contacts)
            case "--list": listCalls = number(listCalls)
            case "--search": searchCalls = number(searchCalls)
            case "--agent": agentCalls = number(agentCalls)
            case "--logins": loginsPerRound = number(loginsPerRound)
            case "--requests": requestsPerRound = number(requestsPerRound)
            case "--connections": connections = number(connections)
            case "--budget": budget = Double(iterator.next() ?? "") ?? budget
            case "--reimport": reimport = true
            case "--trace-sign-in": traceSignIn = true
            default: throw BenchmarkError("unknown option \(argument)")
            }
        }
    }

    static let listTarget = 1_000.0
    static let searchTarget = 3_000.0
    /// PostgreSQL's logins/s and pages/s against SQLite's.
    static let throughputTarget = 0.7
    static let words = [TicketCorpus.commonWord, TicketCorpus.rareWord]

    func run() async throws {
        var logger = Logger(label: "benchmark")
        logger.logLevel = .critical
        let server = try postgresConfiguration()
        if traceSignIn { return try await traceOneSignIn(server, logger: logger) }

        let corpus = TicketCorpus(contacts: contacts)
        let path = TicketBenchmark.defaultPath(contacts: contacts)
        let seeding = try TicketBenchmark(arguments: ["--contacts", String(contacts)]).prepare(corpus, at: path)
        let database = try AppDatabase(path: path)
        let copy = try await preparePostgres(from: database, server: server, logger: logger)
        TicketBenchmark.readIntoPageCache(path)

        var measured = server
        measured.schema = copy.schema
        let postgres = PostgresStore(configuration: measured, logger: logger)
        postgres.startInBackground()
        let gateways: [LiveGateway]
        do {
            gateways = try await [
                LiveGateway.start(label: "SQLite", store: .sqliteTemporary, connections: connections, logger: logger),
                LiveGateway.start(label: "PostgreSQL", store: .postgres(server), connections: connections, logger: logger),
            ]
        } catch {
            await postgres.stop()
            throw error
        }
        do {
            let repositories: [any TicketRepository] = [SQLiteTicketRepository(database), postgres.repositories.tickets]
            let disagreements = try await checkAgreement(repositories)
            let figures = try await measure(repositories, gateways)
            print(
                "stores — \(corpus.tickets) tickets, \(contacts) contacts; SQLite \(path) "
                    + (seeding.map { String(format: "(seeded in %.0f s)", $0) } ?? "(cached)")
                    + "; PostgreSQL \(measured.location) schema \(copy.schema) "
                    + (copy.importSeconds.map { String(format: "(imported in %.0f s, VACUUM ANALYZE %.0f s)", $0, copy.vacuumSeconds ?? 0) }
                        ?? "(cached)"))
            print(
                "  \(ProcessInfo.processInfo.activeProcessorCount) cores (allowed: \(ProcessResources.allowedCPUs)), nothing pinned: this process "
                    + "(client, gateways, repositories) and the PostgreSQL server share them; \(rounds) interleaved rounds; load average "
                    + TicketBenchmark.loadAverage)
            if !disagreements.isEmpty { print("  WARNING: the stores disagree: " + disagreements.joined(separator: "; ")) }
            report(figures)
        } catch {
            for gateway in gateways { await gateway.stop() }
            await postgres.stop()
            throw error
        }
        for gateway in gateways { await gateway.stop() }
        await postgres.stop()
    }

    /// The server from `--postgres-url` (or the cluster script's environment), password from the environment.
    func postgresConfiguration() throws -> PostgresStoreConfiguration {
        let environment = ProcessInfo.processInfo.environment
        guard let url = postgresURL ?? environment["PGCLUSTER_URL"] else {
            throw BenchmarkError(
                "stores needs --postgres-url postgres://USER@HOST:PORT/DATABASE?sslmode=disable (scripts/postgres-cluster start DIR prints one)")
        }
        let password = environment["GATEHOUSE_DATABASE_PASSWORD"] ?? environment["PGCLUSTER_PASSWORD"]
        do {
            return try PostgresStoreConfiguration(url: url, password: password)
        } catch {
            throw BenchmarkError("--postgres-url: \(error)")
        }
    }
}
