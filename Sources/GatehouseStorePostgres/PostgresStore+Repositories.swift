import GatehouseCore

extension PostgresStore {
    /// Every repository over this store's connection pool.
    public var repositories: Repositories {
        Repositories(
            contacts: PostgresContactRepository(self), lists: PostgresContactListRepository(self), identities: PostgresIdentityRepository(self),
            membership: PostgresMembershipStore(self), consents: PostgresConsentRepository(self), audit: PostgresAuditLog(self),
            outbox: PostgresOutboxRepository(self), sessions: PostgresSessionStore(self), samlRequests: PostgresSAMLRequestRepository(self),
            signIns: PostgresSignInLedger(self), tickets: PostgresTicketRepository(self), apiTokens: PostgresAPITokenRepository(self),
            identityProviders: PostgresIdentityProviderRegistry(self), jwtApps: PostgresJWTAppRegistry(self),
            loginAttempts: PostgresLoginAttemptStore(self), rateLimits: PostgresRateLimitStore(self),
            accountRequests: PostgresAccountRequestQueue(self), mailPreferences: PostgresMailPreferenceRepository(self), maintenance: self)
    }
}
