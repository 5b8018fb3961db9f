import ArgumentParser
import Foundation
import GatehouseApp
import GatehouseStore
import GatehouseStorePostgres
import Logging

/// `gatehouse db copy --to postgres://…`: moves a SQLite deployment (the file at `database.path`) into an
/// empty PostgreSQL database — migrated first, every table copied in one transaction, row counts compared
/// afterwards. Stop `serve` first: rows written during the copy are not in it (the count check says so).
struct DatabaseCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy the SQLite database (database.path) into an empty PostgreSQL database.",
        discussion: """
            The password comes from --password-file or GATEHOUSE_DATABASE_PASSWORD. Then set database.url to the
            same URL, and start the instances.
            """)

    @OptionGroup var config: ConfigurationOptions

    @Option(help: "The PostgreSQL database to fill: postgres://USER@HOST:PORT/DATABASE?sslmode=…")
    var to: String

    @Option(name: .customLong("password-file"), help: "A file holding the PostgreSQL password.")
    var passwordFile: String?

    func run() async throws {
        let configuration = try await config.load()
        guard configuration.postgres == nil else {
            throw CommandError("database.url is set: db copy reads the SQLite file at database.path; run it with the SQLite configuration")
        }
        guard FileManager.default.fileExists(atPath: configuration.databasePath) else {
            throw CommandError("database.path: no SQLite database at \(configuration.databasePath)")
        }
        let password =
            try passwordFile.map { try InputFile.text($0, what: "password").trimmingCharacters(in: .newlines) }
            ?? ProcessInfo.processInfo.environment["GATEHOUSE_DATABASE_PASSWORD"]
        let source: AppDatabase
        do {
            source = try AppDatabase(path: configuration.databasePath)
        } catch {
            throw CommandError("database.path: cannot open \(configuration.databasePath): \(error)")
        }
        var logger = Logger(label: "gatehouse")
        logger.logLevel = .warning
        let target: PostgresStore
        do {
            target = try await Store.postgres(.init(url: to, password: password?.isEmpty == true ? nil : password), logger: logger)
        } catch {
            throw CommandError("--to: \(error)")
        }
        defer { Task { await target.stop() } }
        try await copy(from: source, to: target)
    }

    private func copy(from source: AppDatabase, to target: PostgresStore) async throws {
        try await target.migrate()
        let occupied = try await target.rowCounts().filter { $0.value > 0 }.keys.sorted()
        guard occupied.isEmpty else {
            throw CommandError(
                "--to: the database at \(target.configuration.location) is not empty (\(occupied.joined(separator: ", "))); copy into a new one")
        }
        let start = ContinuousClock.now
        try await target.importing { importer in
            try await source.exportTables { batch in try await importer.insert(batch) }
        }
        let expected = try await source.rowCounts()
        let copied = try await target.rowCounts()
        var mismatches: [String] = []
        for (table, count) in expected.sorted(by: { $0.key < $1.key }) {
            print("  \(table): \(count)" + (copied[table] == count ? "" : " (PostgreSQL has \(copied[table] ?? 0))"))
            if copied[table] != count { mismatches.append(table) }
        }
        guard mismatches.isEmpty else {
            throw CommandError(
                "row counts differ in \(mismatches.joined(separator: ", ")): was the server still writing? Stop it, empty the target and copy again")
        }
        let seconds = (ContinuousClock.now - start).components.seconds
        print("Copied \(expected.values.reduce(0, +)) rows into \(target.configuration.location) in \(seconds) s; every table's count matches.")
        print("Next: set database.url to this URL (password in GATEHOUSE_DATABASE_PASSWORD) and start the instances.")
    }
}
