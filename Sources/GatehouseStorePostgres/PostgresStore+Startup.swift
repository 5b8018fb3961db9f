import Foundation
import GatehouseCore
import Logging
import NIOSSL
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Why the store cannot be used, naming the configuration key to fix (one line, no stack trace).
public struct PostgresStartupError: Error, CustomStringConvertible {
    public var key: String
    public var message: String
    public var description: String { "\(key): \(message)" }
}

extension PostgresStore {
    /// Opens one connection of its own and runs a query, so that startup can say exactly what is wrong:
    /// the pool retries failed connections quietly and would only ever report a timeout.
    public func checkConnection() async throws(PostgresStartupError) {
        let location = configuration.location
        do {
            var options = PostgresConnection.Configuration.Options()
            options.connectTimeout = .nanoseconds(Int64(configuration.connectTimeout.components.seconds) * 1_000_000_000)
            var connectionConfiguration = PostgresConnection.Configuration(
                host: configuration.host, port: configuration.port, username: configuration.username, password: configuration.password,
                database: configuration.database, tls: try Self.connectionTLS(configuration.tls))
            connectionConfiguration.options = options
            let connection = try await PostgresConnection.connect(configuration: connectionConfiguration, id: 0, logger: logger)
            defer { Task { try? await connection.close() } }
            _ = try await connection.query("SELECT 1", logger: logger).collect()
        } catch let error as PSQLError {
            throw Self.startupError(error, configuration)
        } catch let error as NIOSSLError {
            throw PostgresStartupError(key: "database.url", message: "TLS with \(location) failed (\(error)); check sslmode and sslrootcert")
        } catch {
            throw PostgresStartupError(key: "database.url", message: "cannot connect to PostgreSQL at \(location): \(Self.shortReason(error))")
        }
    }

    /// Refuses a schema this binary was not built for: behind (run `gatehouse db migrate`) or ahead (a newer release migrated it).
    public func checkSchema() async throws(PostgresStartupError) {
        let status: PostgresSchemaStatus
        do {
            status = try await schemaStatus()
        } catch {
            throw PostgresStartupError(
                key: "database.url", message: "cannot read the schema version at \(configuration.location): \(Self.shortReason(error))")
        }
        if !status.unknown.isEmpty {
            throw PostgresStartupError(
                key: "database.url",
                message:
                    "the database at \(configuration.location) was migrated by a newer Gatehouse (\(status.unknown.joined(separator: ", "))); run that release, or point database.url elsewhere"
            )
        }
        if !status.pending.isEmpty {
            throw PostgresStartupError(
                key: "database.url",
                message:
                    "the database at \(configuration.location) lacks migrations \(status.pending.joined(separator: ", ")): run `gatehouse db migrate` first"
            )
        }
    }

    /// As a service of `serve`'s group, listed before the application so that it stops after it: the
    /// pool (started for the startup checks) serves until the group shuts down, then closes.
    public func run() async throws {
        if background.withLock({ $0 == nil }) { startInBackground() }
        try? await gracefulShutdown()
        await stop()
    }

    static func startupError(_ error: PSQLError, _ configuration: PostgresStoreConfiguration) -> PostgresStartupError {
        let location = configuration.location
        let state = error.serverInfo?[.sqlState] ?? ""
        let serverMessage = error.serverInfo?[.message] ?? ""
        switch (error.code, state) {
        case (.server, "28P01"):
            return PostgresStartupError(
                key: "database.password", message: "PostgreSQL at \(location) refused the password of user \(configuration.username)")
        case (.server, "28000"):
            return PostgresStartupError(
                key: "database.url", message: "PostgreSQL at \(location) refused user \(configuration.username): \(serverMessage)")
        case (.server, "3D000"):
            return PostgresStartupError(
                key: "database.url",
                message: "database \(configuration.database) does not exist at \(location) (create it, then run `gatehouse db migrate`)")
        case (.server, let state) where state.hasPrefix("57P"):
            return PostgresStartupError(key: "database.url", message: "PostgreSQL at \(location) is starting or shutting down (\(serverMessage))")
        case (.authMechanismRequiresPassword, _):
            return PostgresStartupError(key: "database.password", message: "PostgreSQL at \(location) asks for a password and none is set")
        case (.sslUnsupported, _):
            return PostgresStartupError(
                key: "database.url", message: "PostgreSQL at \(location) does not offer TLS; use sslmode=disable only on a trusted network")
        default:
            return PostgresStartupError(key: "database.url", message: "cannot connect to PostgreSQL at \(location): \(shortReason(error))")
        }
    }

    /// The gist of an error for a one-line message (connection refused, timeout), never a dump.
    static func shortReason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return String(describing: underlying) }
            return error.code.description
        }
        if case StoreError.unavailable(let detail) = error { return detail }
        return String(describing: error)
    }

    static func connectionTLS(_ mode: PostgresStoreConfiguration.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        guard let context = tlsConfiguration(mode) else { return .disable }
        return .require(try NIOSSLContext(configuration: context))
    }
}
