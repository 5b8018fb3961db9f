import GatehouseCore

extension Repositories {
    /// Every repository over one fresh ``InMemoryStorage``, for app and service tests without a database.
    public static func inMemory() -> Repositories {
        inMemory(InMemoryStorage())
    }

    /// Every repository over `storage`, so a test can seed or inspect the rows behind them.
    public static func inMemory(_ storage: InMemoryStorage) -> Repositories {
        Repositories(
            contacts: InMemoryContactRepository(storage: storage), lists: InMemoryContactListRepository(storage: storage),
            identities: InMemoryIdentityRepository(storage: storage), membership: InMemoryMembershipStore(storage: storage),
            consents: InMemoryConsentRepository(storage: storage), audit: InMemoryAuditLog(storage: storage),
            outbox: InMemoryOutboxRepository(storage: storage), sessions: InMemorySessionStore(storage: storage),
            samlRequests: InMemorySAMLRequestRepository(storage: storage),
            signIns: InMemorySignInLedger(storage: storage),
            tickets: InMemoryTicketRepository(storage: storage), apiTokens: InMemoryAPITokenRepository(storage: storage),
            identityProviders: InMemoryIdentityProviderRegistry(storage: storage), jwtApps: InMemoryJWTAppRegistry(storage: storage),
            loginAttempts: InMemoryLoginAttemptStore(storage: storage), rateLimits: InMemoryRateLimitStore(storage: storage),
            accountRequests: InMemoryAccountRequestQueue(storage: storage),
            mailPreferences: InMemoryMailPreferenceRepository(storage: storage), maintenance: InMemoryStoreMaintenance(storage: storage))
    }
}
