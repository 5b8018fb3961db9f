import Foundation
import GatehouseStorePostgres
import Logging

extension StoresBenchmark {
    /// The side-by-side table: each figure on SQLite and PostgreSQL, their ratio, and PostgreSQL's target.
    func report(_ figures: Figures) {
        print("  " + "".padding(toLength: 60, withPad: " ", startingAt: 0) + "      SQLite  PostgreSQL  PG/SQLite  target for PostgreSQL")
        func row(_ label: String, _ sqlite: Double, _ postgres: Double, target: String = "", met: Bool? = nil) {
            print(
                "  " + label.padding(toLength: 60, withPad: " ", startingAt: 0)
                    + String(format: "%12.0f %11.0f %9.2fx  ", sqlite, postgres, postgres / sqlite) + target
                    + (met.map { $0 ? ": met" : ": MISSED" } ?? ""))
        }
        var summary: [String] = []
        for (index, (kind, latencies)) in zip(queryKinds, figures.latencies).enumerated() {
            let (sqlite, postgres) = (latencies[0].summary, latencies[1].summary)
            let failures = figures.failures[index]
            print(
                "  \(kind.label) — µs per call (\(latencies[0].microseconds.count) / \(latencies[1].microseconds.count) calls"
                    + zip(["SQLite", "PostgreSQL"], failures).flatMap { store, reasons in
                        reasons.sorted { $0.key < $1.key }.map { ", \(store): \($0.value) failed (\($0.key))" }
                    }.joined() + ")")
            row("    p50", sqlite.p50, postgres.p50)
            row("    p90", sqlite.p90, postgres.p90)
            row("    p99", sqlite.p99, postgres.p99, target: String(format: "p99 < %.0f µs", kind.target), met: postgres.p99 < kind.target)
            summary.append(String(format: "%@ p99 %.0f/%.0f µs", kind.short, sqlite.p99, postgres.p99))
        }
        let throughput = [
            ("SAML ACS logins/s (POST → session cookie)", "logins/s", figures.logins), ("signed-in GET /tickets pages/s", "pages/s", figures.pages),
        ]
        for (label, short, rounds) in throughput {
            let (sqlite, postgres) = (rounds[0].median, rounds[1].median)
            row(
                label + String(format: " (spread %.0f%% / %.0f%%)", rounds[0].relativeSpread * 100, rounds[1].relativeSpread * 100), sqlite, postgres,
                target: String(format: "≥ %.0f%% of SQLite", Self.throughputTarget * 100), met: postgres >= Self.throughputTarget * sqlite)
            summary.append(String(format: "%@ %.0f/%.0f", short, sqlite, postgres))
        }
        print("stores (SQLite/PostgreSQL): " + summary.joined(separator: ", "))
    }

    /// One sign-in and one signed-in page on the PostgreSQL gateway, each between marker statements, for a
    /// server that logs every statement: the statements between two markers are that request's round trips.
    func traceOneSignIn(_ server: PostgresStoreConfiguration, logger: Logger) async throws {
        let gateway = try await LiveGateway.start(label: "PostgreSQL", store: .postgres(server), connections: 1, logger: logger)
        do {
            let bodies = try gateway.mint(2)
            try await gateway.mark("warm-up")
            _ = try await gateway.logins([bodies[0]])
            _ = try await gateway.pages(1)
            try await gateway.mark("sign-in begins")
            _ = try await gateway.logins([bodies[1]])
            try await gateway.mark("sign-in ends; page begins")
            _ = try await gateway.pages(1)
            try await gateway.mark("page ends")
        } catch {
            await gateway.stop()
            throw error
        }
        await gateway.stop()
        print("stores --trace-sign-in: one sign-in and one GET /tickets between 'gatehouse-bench: …' statements in the server's log")
    }
}
