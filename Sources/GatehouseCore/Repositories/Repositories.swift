/// Every repository of one store, handed out by the composition root (the `gatehouse` executable) to
/// ``AppDependencies`` and the admin commands, so that nothing above the store module names a database type
/// and a second store (PostgreSQL) or in-memory fakes can stand in.
public struct Repositories: Sendable {
    public var contacts: any ContactRepository
    public var lists: any ContactListRepository
    public var identities: any IdentityRepository
    public var membership: any MembershipStore
    public var consents: any ConsentRepository
    public var audit: any AuditLog
    public var outbox: any OutboxRepository
    public var sessions: any SessionStore
    public var samlRequests: any SAMLRequestRepository
    public var signIns: any SignInLedger
    public var tickets: any TicketRepository
    public var apiTokens: any APITokenRepository
    public var identityProviders: any IdentityProviderRegistry
    public var jwtApps: any JWTAppRegistry
    public var loginAttempts: any LoginAttemptStore
    public var rateLimits: any RateLimitStore
    public var accountRequests: any AccountRequestQueue
    public var mailPreferences: any MailPreferenceRepository
    public var maintenance: any StoreMaintenance

    public init(
        contacts: any ContactRepository, lists: any ContactListRepository, identities: any IdentityRepository, membership: any MembershipStore,
        consents: any ConsentRepository, audit: any AuditLog, outbox: any OutboxRepository, sessions: any SessionStore,
        samlRequests: any SAMLRequestRepository, signIns: any SignInLedger, tickets: any TicketRepository, apiTokens: any APITokenRepository,
        identityProviders: any IdentityProviderRegistry, jwtApps: any JWTAppRegistry, loginAttempts: any LoginAttemptStore,
        rateLimits: any RateLimitStore, accountRequests: any AccountRequestQueue, mailPreferences: any MailPreferenceRepository,
        maintenance: any StoreMaintenance
    ) {
        self.mailPreferences = mailPreferences
        self.contacts = contacts
        self.lists = lists
        self.identities = identities
        self.membership = membership
        self.consents = consents
        self.audit = audit
        self.outbox = outbox
        self.sessions = sessions
        self.samlRequests = samlRequests
        self.signIns = signIns
        self.tickets = tickets
        self.apiTokens = apiTokens
        self.identityProviders = identityProviders
        self.jwtApps = jwtApps
        self.loginAttempts = loginAttempts
        self.rateLimits = rateLimits
        self.accountRequests = accountRequests
        self.maintenance = maintenance
    }
}
