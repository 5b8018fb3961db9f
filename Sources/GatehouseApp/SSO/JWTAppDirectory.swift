import GatehouseCore
import Logging
import Synchronization

/// The JWT apps sign-ins can use: from the configuration file and from `gatehouse jwt-app add`
/// (re-read when the database's revision changes).
public final class JWTAppDirectory: Sendable {
    private struct Cache {
        var revision: String?
        var stored: [JWTApp] = []
    }

    let configured: [JWTApp]
    let registry: any JWTAppRegistry
    let logger: Logger
    private let cache = Mutex(Cache())

    public init(configured: [JWTApp], registry: any JWTAppRegistry, logger: Logger) {
        self.configured = configured
        self.registry = registry
        self.logger = logger
    }

    public func all() async throws -> [JWTApp] {
        let revision = try await registry.revision()
        if let cached = cache.withLock({ $0.revision == revision ? $0.stored : nil }) { return configured + cached }
        let stored = try await registry.all().filter { app in
            guard !configured.contains(where: { $0.id == app.id }) else {
                logger.warning("Stored JWT app ignored: the configuration file defines the same id", metadata: ["app": "\(app.id)"])
                return false
            }
            return true
        }
        cache.withLock { $0 = Cache(revision: revision, stored: stored) }
        return configured + stored
    }
}
