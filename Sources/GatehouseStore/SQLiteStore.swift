import Foundation
import GatehouseCore

extension AppDatabase: StoreMaintenance {}

extension Repositories {
    /// Every repository over one SQLite database.
    public static func sqlite(_ database: AppDatabase) -> Repositories {
        Repositories(
            contacts: SQLiteContactRepository(database), lists: SQLiteContactListRepository(database),
            identities: SQLiteIdentityRepository(database), membership: SQLiteMembershipStore(database),
            consents: SQLiteConsentRepository(database), audit: SQLiteAuditLog(database), outbox: SQLiteOutboxRepository(database),
            sessions: SQLiteSessionStore(database), samlRequests: SQLiteSAMLRequestRepository(database),
            signIns: SQLiteSignInLedger(database),
            tickets: SQLiteTicketRepository(database), apiTokens: SQLiteAPITokenRepository(database),
            identityProviders: SQLiteIdentityProviderRegistry(database), jwtApps: SQLiteJWTAppRegistry(database),
            loginAttempts: SQLiteLoginAttemptStore(database), rateLimits: SQLiteRateLimitStore(database),
            accountRequests: SQLiteAccountRequestQueue(database), mailPreferences: SQLiteMailPreferenceRepository(database),
            maintenance: database)
    }
}
