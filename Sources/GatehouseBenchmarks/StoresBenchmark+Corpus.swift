import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseStorePostgres
import Logging
import Synchronization

extension StoresBenchmark {
    /// Where the corpus is in PostgreSQL, and what putting it there cost (`nil`: kept from an earlier run).
    struct PostgresCopy {
        let schema: String
        let importSeconds: Double?
        let vacuumSeconds: Double?
    }

    /// An empty table created once the copy is complete and vacuumed: a schema without it is filled again.
    static let readyMarker = "bench_corpus_ready"
    static let schemaPrefix = "bench_tickets_"

    /// The corpus in a schema of its own, named after the corpus version, its size and the SQLite schema's
    /// fingerprint (a reseeded SQLite file gets a new name). A schema is kept when its migrations are
    /// current, it has the ready marker, and every table holds as many rows as the SQLite file's; otherwise
    /// it is dropped and filled as `gatehouse db copy` fills a database: `migrate()`, then every table in
    /// one transaction through `PostgresStore.importing`, then `VACUUM ANALYZE`.
    func preparePostgres(from source: AppDatabase, server: PostgresStoreConfiguration, logger: Logger) async throws -> PostgresCopy {
        let schema = Self.schemaPrefix + "v\(TicketCorpus.version)_\(contacts)_\(try TicketBenchmark.schemaFingerprint())"
        var settings = server
        settings.schema = schema
        // The copy and VACUUM take minutes: no request-sized statement timeout here.
        settings.statementTimeout = .seconds(6 * 3600)
        let store = PostgresStore(configuration: settings, logger: logger)
        store.startInBackground()
        do {
            let copy = try await fill(store, schema: schema, from: source)
            try await Self.readIntoCache(store)
            await store.stop()
            return copy
        } catch {
            await store.stop()
            throw error
        }
    }

    private func fill(_ store: PostgresStore, schema: String, from source: AppDatabase) async throws -> PostgresCopy {
        let expected = try await source.rowCounts()
        try await store.execute(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)")
        let status = try await store.schemaStatus()
        let counts = try await store.rowCounts()
        let differing = expected.keys.filter { counts[$0] != expected[$0] }.sorted()
        let reason: String
        switch (reimport, status.isCurrent, counts[Self.readyMarker] != nil, differing.isEmpty) {
        case (false, true, true, true): return PostgresCopy(schema: schema, importSeconds: nil, vacuumSeconds: nil)
        case (true, _, _, _): reason = "--reimport"
        case (_, false, _, _) where status.applied.isEmpty: reason = "a new schema"
        case (_, false, _, _): reason = "migrations changed"
        case (_, _, false, _): reason = "no complete copy"
        default: reason = "row counts differ in " + differing.joined(separator: ", ")
        }

        print("copying the corpus into PostgreSQL \(store.configuration.location), schema \(schema) (\(reason)) …")
        try await dropOtherCorpora(store, keeping: schema)
        try await store.execute(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE")
        try await store.execute(unsafeSQL: "CREATE SCHEMA \(schema)")
        try await store.migrate()
        let progress = ImportProgress()
        try await store.importing { importer in
            try await source.exportTables { batch in
                progress.record(batch)
                try await importer.insert(batch)
            }
        }
        let imported = progress.finish()
        let vacuumStart = ContinuousClock.now
        try await store.execute(unsafeSQL: "VACUUM ANALYZE")
        let vacuumed = TicketBenchmark.seconds(ContinuousClock.now - vacuumStart)
        print(String(format: "  VACUUM ANALYZE: %.0f s", vacuumed))

        let copied = try await store.rowCounts()
        let wrong = expected.keys.filter { copied[$0] != expected[$0] }.sorted()
        guard wrong.isEmpty else {
            throw BenchmarkError("after the copy, row counts differ in \(wrong.map { "\($0) (\(expected[$0]!) vs \(copied[$0] ?? 0))" })")
        }
        try await store.execute(unsafeSQL: "CREATE TABLE \(Self.readyMarker) ()")
        return PostgresCopy(schema: schema, importSeconds: imported, vacuumSeconds: vacuumed)
    }

    /// What `TicketBenchmark.readIntoPageCache` does for the SQLite file: the tables and indexes the
    /// measured queries read, once each, so the first measured calls are not disk reads on either store.
    static func readIntoCache(_ store: PostgresStore) async throws {
        try await store.execute(
            unsafeSQL: """
                DO $$
                BEGIN
                  PERFORM sum(length(subject)) FROM ticket;
                  PERFORM sum(length(subject) + length(body)) FROM ticketSearch;
                  SET LOCAL enable_seqscan = off;
                  SET LOCAL enable_bitmapscan = off;
                  PERFORM count(*) FROM ticketContact WHERE contactID > 0;
                  PERFORM count(*) FROM ticket WHERE id > 0;
                  PERFORM count(*) FROM ticket WHERE lastActivityAt > '-infinity';
                  PERFORM count(*) FROM ticketSearch WHERE ticketID > 0;
                END $$
                """)
    }

    /// Copies of an older corpus or SQLite schema: gigabytes nothing reads any more.
    private func dropOtherCorpora(_ store: PostgresStore, keeping schema: String) async throws {
        try await store.execute(
            unsafeSQL: """
                DO $$
                DECLARE name text;
                BEGIN
                  FOR name IN SELECT nspname FROM pg_namespace WHERE starts_with(nspname, '\(Self.schemaPrefix)') AND nspname <> '\(schema)' LOOP
                    EXECUTE format('DROP SCHEMA %I CASCADE', name);
                  END LOOP;
                END $$
                """)
    }
}

/// Rows and time per table while the copy runs: a table's time runs from its first batch to the next
/// table's (the SQLite read and the PostgreSQL insert of its rows).
final class ImportProgress: Sendable {
    private struct State {
        var start = ContinuousClock.now
        var table: String?
        var tableStart = ContinuousClock.now
        var rows = 0
        var reported = 0
        var total = 0
    }

    private let state = Mutex(State())

    func record(_ batch: StoreRows) {
        state.withLock { state in
            if batch.table != state.table {
                Self.finishTable(&state)
                state.table = batch.table
                state.tableStart = ContinuousClock.now
                (state.rows, state.reported) = (0, 0)
            }
            state.rows += batch.rows.count
            state.total += batch.rows.count
            if state.rows - state.reported >= 500_000 {
                state.reported = state.rows
                print(
                    String(
                        format: "    %@: %d rows so far, %.0f s", state.table ?? "", state.rows,
                        TicketBenchmark.seconds(ContinuousClock.now - state.tableStart)))
                fflush(nil)
            }
        }
    }

    /// Ends the report; returns the seconds since the first batch (the commit included).
    func finish() -> Double {
        state.withLock { state in
            Self.finishTable(&state)
            let seconds = TicketBenchmark.seconds(ContinuousClock.now - state.start)
            print(String(format: "  copied %d rows in %.0f s (%.0f rows/s)", state.total, seconds, Double(state.total) / seconds))
            return seconds
        }
    }

    private static func finishTable(_ state: inout State) {
        guard let table = state.table else { return }
        let seconds = TicketBenchmark.seconds(ContinuousClock.now - state.tableStart)
        print(String(format: "  %@: %d rows in %.1f s (%.0f rows/s)", table, state.rows, seconds, Double(state.rows) / max(seconds, 1e-9)))
        fflush(nil)
        state.table = nil
    }
}
