import Foundation
import GRDB
import GatehouseCore
import GatehouseStore

extension TicketBenchmark {
    /// Seeds `path` unless it already holds this corpus version and size; returns the seeding time, or
    /// `nil` for a cached file. A marker beside the file says what it holds ("incomplete" while seeding),
    /// and a file without a marker is never deleted: it may be someone's real database.
    func prepare(_ corpus: TicketCorpus, at path: String) throws -> TimeInterval? {
        let marker = path + ".seed"
        let complete =
            "gatehouse tickets benchmark corpus v\(TicketCorpus.version), \(corpus.contacts) contacts, schema \(try Self.schemaFingerprint())\n"
        let existing = try? String(contentsOfFile: marker, encoding: .utf8)
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            guard existing != nil else {
                throw BenchmarkError("\(path) exists but was not seeded by this benchmark (no \(marker)); remove it or pass another --database")
            }
            if existing == complete && !reseed { return nil }
        }
        for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: path + suffix) }
        try "incomplete\n".write(toFile: marker, atomically: true, encoding: .utf8)

        // The hand-written date format must be GRDB's, or list order and filters would read other text.
        for seconds in [0.0, 1_767_225_599.999, 1_672_531_200.5, 951_782_400.25] {
            let date = Date(timeIntervalSince1970: seconds)
            guard String.fromDatabaseValue(date.databaseValue) == TicketCorpus.SQLiteDate.string(date) else {
                throw BenchmarkError("date format differs from GRDB's: \(TicketCorpus.SQLiteDate.string(date))")
            }
        }

        print("seeding \(corpus.tickets) tickets for \(corpus.contacts) contacts into \(path) …")
        let start = ContinuousClock.now
        let database = try AppDatabase(path: path)
        var reported = 0
        try corpus.seed(into: database) { done in
            guard done - reported >= 100_000 || done == corpus.tickets else { return }
            reported = done
            print(String(format: "  %7d tickets  %5.0f s", done, Self.seconds(ContinuousClock.now - start)))
            fflush(nil)  // progress while piped
        }
        try database.pool.close()
        try complete.write(toFile: marker, atomically: true, encoding: .utf8)
        return Self.seconds(ContinuousClock.now - start)
    }

    /// A hash of the schema the production migrator makes on an empty database: a cached corpus made
    /// under other migrations is seeded again.
    static func schemaFingerprint() throws -> String {
        let database = try AppDatabase.temporary()
        let path = database.pool.path
        defer {
            try? database.pool.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let schema = try database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name").joined(separator: ";\n")
        }
        // FNV-1a: stable across runs, unlike Hasher.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in schema.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    /// Reads the whole file once, so the first measured calls are not disk reads.
    static func readIntoPageCache(_ path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {}
    }

    /// Every raw query must return exactly what the repository returns, or the comparison is void.
    func checkAgreement(_ repository: SQLiteTicketRepository, _ pool: DatabasePool, contacts: Int, queries: [TicketQuery]) async throws {
        var random = TicketCorpus.SplitMix64(seed: 99)
        for query in queries {
            for index in 0..<50 {
                let contact = Int64(random.next(below: UInt64(contacts))) + 1
                let expected = try await repository.customerTickets(TicketVisibility(contactID: contact, filter: .none), query: query)
                let raw = try Self.readSynchronously(pool) { db in
                    guard query.search != nil else { return [try RawTicketQueries.list(contact: contact, query: query, in: db)] }
                    // The FTS5 plans can take seconds for a common prefix: ten contacts are enough for them.
                    let plans = ftsCalls > 0 && index < 10 ? RawTicketQueries.SearchPlan.allCases : [.rowByRow]
                    return try plans.map { try RawTicketQueries.search(contact: contact, query: query, plan: $0, in: db) }
                }
                guard raw.allSatisfy({ $0 == expected }) else {
                    throw BenchmarkError("raw and repository pages differ for contact \(contact), search \(query.search?.words ?? [])")
                }
            }
        }
    }

    /// `DatabasePool.read` without the hop: in an async function Swift picks the async overload, which
    /// queues the block on a reader's dispatch queue and resumes the task when it is done.
    static func readSynchronously<T>(_ pool: DatabasePool, _ block: (Database) throws -> T) throws -> T {
        try pool.read(block)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
