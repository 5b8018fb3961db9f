import ArgumentParser
import Foundation
import GatehouseApp
import GatehouseStorePostgres
import Logging

/// `gatehouse db migrate | status | copy`: the PostgreSQL schema. (SQLite migrates itself when it opens: one
/// process owns the file; a fleet upgrades its shared database once, before the new binaries serve.)
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "The database schema (PostgreSQL).",
        subcommands: [DatabaseMigrateCommand.self, DatabaseStatusCommand.self, DatabaseCopyCommand.self])

    /// The configured PostgreSQL store, started; refuses a configuration without `database.url`.
    static func postgres(_ config: ConfigurationOptions) async throws(CommandError) -> PostgresStore {
        let configuration = try await config.load()
        guard let settings = configuration.postgres else {
            throw CommandError(
                "database.url is not set: the SQLite database at \(configuration.databasePath) migrates itself when Gatehouse opens it")
        }
        var logger = Logger(label: "gatehouse")
        logger.logLevel = .warning
        do {
            return try await Store.postgres(settings, logger: logger)
        } catch {
            throw CommandError("configuration: \(error)")
        }
    }
}

struct DatabaseMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the pending migrations to the PostgreSQL database.",
        discussion: "Safe to run from several hosts at once: a lock makes every migration run exactly once.")

    @OptionGroup var config: ConfigurationOptions

    func run() async throws {
        let store = try await DatabaseCommand.postgres(config)
        defer { Task { await store.stop() } }
        let applied = try await store.migrate()
        let status = try await store.schemaStatus()
        print(applied.isEmpty ? "Already current: \(status.applied.joined(separator: ", "))" : "Applied: \(applied.joined(separator: ", "))")
        guard status.unknown.isEmpty else {
            throw CommandError("the database also has migrations this binary does not know: \(status.unknown.joined(separator: ", "))")
        }
    }
}

struct DatabaseStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show applied and pending migrations; exit status 1 unless the schema is current.")

    @OptionGroup var config: ConfigurationOptions

    func run() async throws {
        let store = try await DatabaseCommand.postgres(config)
        defer { Task { await store.stop() } }
        let status = try await store.schemaStatus()
        print("database \(store.configuration.location)")
        print("applied: \(status.applied.isEmpty ? "none" : status.applied.joined(separator: ", "))")
        print("pending: \(status.pending.isEmpty ? "none" : status.pending.joined(separator: ", "))")
        if !status.unknown.isEmpty { print("unknown to this binary: \(status.unknown.joined(separator: ", "))") }
        print(status.isCurrent ? "schema is current" : "schema is NOT current: run `gatehouse db migrate`")
        if !status.isCurrent { throw ExitCode(1) }
    }
}
