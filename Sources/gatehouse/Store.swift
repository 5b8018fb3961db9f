import GatehouseApp
import GatehouseCore
import GatehouseStore
import GatehouseStorePostgres
import Logging
import ServiceLifecycle

/// The composition root's one choice of store: the only place above the store modules that names one.
/// No `database.url`: the SQLite file at `database.path`, as ever. A `database.url`: the shared PostgreSQL
/// database, checked before anything else runs (reachable, password, database, schema version).
enum Store {
    struct Opened {
        var repositories: Repositories
        /// The PostgreSQL pool, which `serve` runs as a service of its group (listed first, stopped last).
        var postgres: PostgresStore?
        /// For the startup banner: the file or `host:port/database`.
        var description: String

        /// Ends a one-shot command's pool (SQLite needs nothing).
        func close() async {
            await postgres?.stop()
        }
    }

    /// The configured store. With PostgreSQL the schema must be the one this binary was built for
    /// (`gatehouse db migrate` brings it there).
    static func open(_ configuration: GatehouseConfiguration, logger: Logger) async throws(ConfigurationError) -> Opened {
        guard let settings = configuration.postgres else {
            do {
                return Opened(
                    repositories: .sqlite(try AppDatabase(path: configuration.databasePath)), postgres: nil, description: configuration.databasePath)
            } catch {
                throw ConfigurationError(key: "database.path", "cannot open \(configuration.databasePath): \(error)")
            }
        }
        let store = try await postgres(settings, logger: logger)
        do {
            try await store.checkSchema()
        } catch {
            await store.stop()
            throw ConfigurationError(key: error.key, error.message)
        }
        return Opened(repositories: store.repositories, postgres: store, description: "PostgreSQL \(store.configuration.location)")
    }

    /// A started PostgreSQL store whose server answered (for `gatehouse db`, which must not insist on a current schema).
    static func postgres(_ settings: GatehouseConfiguration.PostgreSQL, logger: Logger) async throws(ConfigurationError) -> PostgresStore {
        var configuration: PostgresStoreConfiguration
        do {
            configuration = try PostgresStoreConfiguration(url: settings.url, password: settings.password)
        } catch {
            throw ConfigurationError(key: "database.url", error.description)
        }
        configuration.poolSize = settings.poolSize
        configuration.statementTimeout = settings.statementTimeout
        let store = PostgresStore(configuration: configuration, logger: logger)
        do {
            try await store.checkConnection()
        } catch {
            throw ConfigurationError(key: error.key, error.message)
        }
        store.startInBackground()
        return store
    }
}

extension AppDependencies {
    /// The dependencies of a real server: the opened store, the IdPs and SP key from the configuration's
    /// files, bcrypt at cost 12.
    static func live(configuration: GatehouseConfiguration, store: Store.Opened, clock: any GatehouseCore.Clock = SystemClock(), logger: Logger)
        async throws -> AppDependencies
    {
        try await AppDependencies(
            configuration: configuration, repositories: store.repositories, clock: clock, hasher: BcryptPasswordHasher(),
            logger: logger, configuredIdentityProviders: try configuration.saml.loadIdentityProviders(),
            serviceProvider: try configuration.loadServiceProvider())
    }
}
