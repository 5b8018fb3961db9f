import Foundation
import GatehouseCore
import Logging
import NIOSSL
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The PostgreSQL store, for several `gatehouse serve` instances sharing one database.
///
/// One `PostgresClient` (a connection pool) serves every repository. The client does nothing until its
/// `run()` runs: `serve` adds the store to its service group (``run()``), one-shot commands and tests call
/// ``startInBackground()`` and ``stop()``.
///
/// Every connection is opened with `synchronous_commit = on` (whatever the server's default), so a
/// transaction that returned is on the server's disk before Gatehouse answers, and with the configured
/// `statement_timeout`. Every call also has a deadline of its own: when the server is down the pool waits
/// for a connection that never comes, and a request must fail with ``StoreError/unavailable`` instead.
public final class PostgresStore: Service, Sendable {
    public let configuration: PostgresStoreConfiguration
    let client: PostgresClient
    let logger: Logger
    let background = Mutex<Task<Void, Never>?>(nil)
    let breaker = ConnectionBreaker()

    public init(configuration: PostgresStoreConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        client = PostgresClient(configuration: Self.clientConfiguration(configuration), backgroundLogger: logger)
    }

    /// Runs the pool in a task of its own (commands, tests, and `serve` until its group takes over with
    /// ``run()``); ``stop()`` ends it.
    public func startInBackground() {
        background.withLock { task in
            guard task == nil else { return }
            task = Task { [client] in await client.run() }
        }
    }

    /// Closes the pool started by ``startInBackground()``.
    public func stop() async {
        guard let task = background.withLock({ $0.take() }) else { return }
        task.cancel()
        await task.value
    }

    /// A statement without parameters, for admin work (creating a test schema, `VACUUM`).
    public func execute(unsafeSQL sql: String) async throws {
        try await connection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: self.logger).collect()
        }
    }

    /// The longest a call may wait for a connection and its statements together: the statement timeout and
    /// two seconds for a connection (the pool waits for one indefinitely when the server is down).
    var deadline: Duration { configuration.statementTimeout + .seconds(2) }

    /// Runs `body` on a pooled connection, within ``deadline`` (`nil`: as long as it takes, for admin work
    /// such as migrations).
    func connection<T: Sendable>(
        deadline limit: Duration?? = .none, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let run: @Sendable () async throws -> T = { [client] in try await client.withConnection { connection in try await body(connection) } }
        let admission = breaker.admit()
        guard admission != .refused else {
            throw StoreError.unavailable("PostgreSQL at \(configuration.location) did not answer the last call; retrying")
        }
        do {
            let value = try await within(limit ?? deadline, run)
            breaker.record(admission, reachable: true)
            return value
        } catch {
            let translated = Self.translated(error)
            if case StoreError.unavailable = translated {
                breaker.record(admission, reachable: false)
            } else {
                breaker.record(admission, reachable: true)
            }
            throw translated
        }
    }

    private func within<T: Sendable>(_ limit: Duration?, _ run: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let limit else { return try await run() }
        switch await withDeadline(limit, run) {
        case .success(let value)?: return value
        case .failure(let error)?: throw error
        case nil: throw StoreError.unavailable("no answer from PostgreSQL at \(configuration.location) within \(limit)")
        }
    }

    /// Runs `body` in a transaction (`READ COMMITTED`; what must not change underneath is locked
    /// explicitly): committed when this returns, rolled back when `body` throws.
    func transaction<T: Sendable>(
        deadline limit: Duration?? = .none, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await connection(deadline: limit) { connection in
            try await connection.query("BEGIN", logger: self.logger).collect()
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT", logger: self.logger).collect()
                return value
            } catch {
                // A connection whose ROLLBACK failed is broken; the pool discards it.
                _ = try? await connection.query("ROLLBACK", logger: self.logger).collect()
                throw error
            }
        }
    }

    /// Errors in domain terms where a caller decides on them; the rest keep their detail for the log.
    static func translated(_ error: any Error) -> any Error {
        // The pool's own failures (its circuit breaker after failed connection attempts, a closed pool)
        // mean no connection, like the connection errors below.
        if String(reflecting: type(of: error)).hasPrefix("_ConnectionPoolModule.") {
            return StoreError.unavailable("PostgreSQL connection pool: \(error)")
        }
        guard let error = error as? PSQLError else { return error }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown, .sslUnsupported:
            return StoreError.unavailable("PostgreSQL connection: \(error.code)")
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            // 57P01–57P03: the server is shutting down or starting; 08xxx: connection failures.
            if state.hasPrefix("57P") || state.hasPrefix("08") { return StoreError.unavailable("PostgreSQL \(state)") }
            return error
        default:
            return error
        }
    }

    /// The TLS settings of `sslmode` (nil: plain TCP), shared by the pool and the startup check.
    static func tlsConfiguration(_ mode: PostgresStoreConfiguration.TLSMode) -> TLSConfiguration? {
        var context = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable:
            return nil
        case .require:
            context.certificateVerification = .none
        case .verifyFull(let caFile):
            context.certificateVerification = .fullVerification
            if let caFile { context.trustRoots = .file(caFile) }
        }
        return context
    }

    static func clientConfiguration(_ configuration: PostgresStoreConfiguration) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = tlsConfiguration(configuration.tls).map { .require($0) } ?? .disable
        var client = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username, password: configuration.password,
            database: configuration.database, tls: tls)
        client.options.maximumConnections = configuration.poolSize
        client.options.connectTimeout = configuration.connectTimeout
        let milliseconds =
            configuration.statementTimeout.components.seconds * 1000 + configuration.statementTimeout.components.attoseconds / 1_000_000_000_000_000
        client.options.additionalStartupParameters = [
            ("synchronous_commit", "on"), ("statement_timeout", String(milliseconds)), ("TimeZone", "UTC"),
            ("application_name", "gatehouse"),
        ]
        if let schema = configuration.schema { client.options.additionalStartupParameters.append(("search_path", schema)) }
        return client
    }
}
