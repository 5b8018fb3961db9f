import GatehouseApp
import GatehouseCore
import GatehouseStore
import Logging

/// The composition root's one choice of store: the only place above the store modules that names one.
enum Store {
    /// The repositories of the configured database (the SQLite file at `database.path`).
    static func open(_ configuration: GatehouseConfiguration) throws(ConfigurationError) -> Repositories {
        do {
            return .sqlite(try AppDatabase(path: configuration.databasePath))
        } catch {
            throw ConfigurationError(key: "database.path", "cannot open \(configuration.databasePath): \(error)")
        }
    }
}

extension AppDependencies {
    /// The dependencies of a real server: the configured store, the IdPs and SP key from the
    /// configuration's files, bcrypt at cost 12.
    static func live(configuration: GatehouseConfiguration, clock: any GatehouseCore.Clock = SystemClock(), logger: Logger) async throws
        -> AppDependencies
    {
        try await AppDependencies(
            configuration: configuration, repositories: try Store.open(configuration), clock: clock, hasher: BcryptPasswordHasher(),
            logger: logger, configuredIdentityProviders: try configuration.saml.loadIdentityProviders(),
            serviceProvider: try configuration.loadServiceProvider())
    }
}
