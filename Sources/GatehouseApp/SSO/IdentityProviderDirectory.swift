import Foundation
import GatehouseCore
import Logging
import SAML
import Synchronization

/// The IdPs sign-ins can use: those in the configuration file (parsed once at startup) and those
/// added with `gatehouse idp add` (read from the database, re-read whenever its revision changes, so a
/// running server picks up an added or removed IdP on the next request without a restart).
public final class IdentityProviderDirectory: Sendable {
    private struct Cache {
        var revision: String?
        var stored: [ConfiguredIdentityProvider] = []
    }

    let configured: [ConfiguredIdentityProvider]
    let registry: any IdentityProviderRegistry
    let logger: Logger
    private let cache = Mutex(Cache())

    public init(configured: [ConfiguredIdentityProvider], registry: any IdentityProviderRegistry, logger: Logger) {
        self.configured = configured
        self.registry = registry
        self.logger = logger
    }

    /// Every usable IdP: configuration first; a stored IdP with the name or entityID of a configured one is ignored.
    public func all() async throws -> [ConfiguredIdentityProvider] {
        configured + (try await stored())
    }

    public func provider(named name: String) async throws -> ConfiguredIdentityProvider? {
        try await all().first { $0.name == name }
    }

    public func provider(entityID: String) async throws -> ConfiguredIdentityProvider? {
        try await all().first { $0.entityID == entityID }
    }

    private func stored() async throws -> [ConfiguredIdentityProvider] {
        let revision = try await registry.revision()
        if let cached = cache.withLock({ $0.revision == revision ? $0.stored : nil }) { return cached }
        var providers: [ConfiguredIdentityProvider] = []
        for entry in try await registry.all() {
            guard !configured.contains(where: { $0.name == entry.name || $0.entityID == entry.entityID }) else {
                logger.warning("Stored IdP ignored: the configuration file defines the same name or entityID", metadata: ["idp": "\(entry.name)"])
                continue
            }
            do {
                providers.append(
                    try ConfiguredIdentityProvider.parse(
                        name: entry.name, displayName: entry.name, metadata: Array(entry.metadataXML.utf8),
                        options: .init(allowsSHA1: entry.allowsSHA1, allowsUnsolicited: entry.allowsUnsolicited, clockSkew: entry.clockSkew),
                        emailAttribute: entry.emailAttribute, nameAttribute: entry.nameAttribute))
            } catch {
                // `idp add` validated it; a stored IdP that no longer parses is skipped, not fatal.
                logger.error("Stored IdP skipped", metadata: ["idp": "\(entry.name)", "reason": "\(error)"])
            }
        }
        cache.withLock { $0 = Cache(revision: revision, stored: providers) }
        return providers
    }
}
