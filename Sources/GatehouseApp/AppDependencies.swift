import Foundation
import GatehouseCore
import GatehouseStore
import Logging
import SAML
import XMLSecurity

/// Everything the routes use, built once: `live` for `gatehouse serve`, or assembled by tests around a
/// temporary database, a controllable clock and a cheap hasher.
public struct AppDependencies: Sendable {
    public let configuration: GatehouseConfiguration
    public let database: AppDatabase
    public let clock: any GatehouseCore.Clock
    public let logger: Logger
    public let metrics: GatehouseMetrics
    public let pages: PageRenderer
    public let contacts: any ContactRepository
    public let lists: any ContactListRepository
    public let identities: any IdentityRepository
    public let audit: any AuditLog
    public let outbox: any OutboxRepository
    public let sessionStore: any SessionStore
    public let samlRequests: any SAMLRequestRepository
    public let replayLedger: any ReplayLedger
    public let signIn: SignInService
    public let registration: RegistrationService
    /// Wakes the account-request worker when this process queued a request.
    let accountRequestsQueued: WakeSignal
    public let identityProviders: IdentityProviderDirectory
    public let jwtVerifier: JWTSignInVerifier
    public let serviceProvider: ServiceProvider
    public let tickets: TicketService
    public let ticketStore: SQLiteTicketRepository
    public let apiTokens: any APITokenRepository

    public init(
        configuration: GatehouseConfiguration, database: AppDatabase, clock: any GatehouseCore.Clock, hasher: any PasswordHasher,
        logger: Logger, configuredIdentityProviders: [ConfiguredIdentityProvider] = [], serviceProvider: ServiceProvider? = nil
    ) async throws {
        self.configuration = configuration
        self.database = database
        self.clock = clock
        self.logger = logger
        metrics = GatehouseMetrics()
        pages = try await PageRenderer(portal: configuration.portal)
        contacts = SQLiteContactRepository(database)
        lists = SQLiteContactListRepository(database)
        identities = SQLiteIdentityRepository(database)
        audit = SQLiteAuditLog(database)
        outbox = SQLiteOutboxRepository(database)
        sessionStore = SQLiteSessionStore(database)
        samlRequests = SQLiteSAMLRequestRepository(database)
        replayLedger = SQLiteReplayLedger(database)
        ticketStore = SQLiteTicketRepository(database)
        tickets = TicketService(repository: ticketStore, settings: configuration.tickets, clock: clock)
        apiTokens = SQLiteAPITokenRepository(database)
        let membership = SQLiteMembershipStore(database)
        signIn = SignInService(
            contacts: contacts, identities: identities, membership: membership, attempts: SQLiteLoginAttemptStore(database),
            rateLimits: SQLiteRateLimitStore(database), audit: audit, hasher: hasher, limits: configuration.limits, clock: clock,
            decoyHash: try await hasher.hash(OneTimeToken().value))
        let baseURL = configuration.portal.baseURL
        let membershipSettings = configuration.membership
        let queued = WakeSignal()
        accountRequestsQueued = queued
        registration = RegistrationService(
            contacts: contacts, membership: membership, requests: SQLiteAccountRequestQueue(database), rateLimits: SQLiteRateLimitStore(database),
            audit: audit, hasher: hasher, clock: clock,
            settings: RegistrationSettings(
                selfRegistration: membershipSettings.selfRegistration, consent: membershipSettings.consent,
                passwordPolicy: membershipSettings.passwordPolicy, tokenLifetime: membershipSettings.tokenLifetime,
                portalName: configuration.portal.title, registrationEmail: membershipSettings.registrationEmail),
            limits: configuration.limits, link: { purpose, token in baseURL.url(Self.linkPath(for: purpose) + "?token=" + token) },
            requestQueued: { queued.wake() })
        identityProviders = IdentityProviderDirectory(
            configured: configuredIdentityProviders, registry: SQLiteIdentityProviderRegistry(database), logger: logger)
        jwtVerifier = JWTSignInVerifier(
            apps: JWTAppDirectory(configured: configuration.jwtApps, registry: SQLiteJWTAppRegistry(database), logger: logger),
            defaultAudience: baseURL.origin)
        self.serviceProvider =
            serviceProvider
            ?? ServiceProvider(
                entityID: configuration.serviceProviderEntityID, assertionConsumerServiceURL: configuration.assertionConsumerServiceURL)
    }

    /// The dependencies of a real server: the database at `database.path`, the IdPs and SP key from
    /// the configuration's files, bcrypt at cost 12.
    public static func live(configuration: GatehouseConfiguration, clock: any GatehouseCore.Clock = SystemClock(), logger: Logger) async throws
        -> AppDependencies
    {
        let database: AppDatabase
        do {
            database = try AppDatabase(path: configuration.databasePath)
        } catch {
            throw ConfigurationError(key: "database.path", "cannot open \(configuration.databasePath): \(error)")
        }
        return try await AppDependencies(
            configuration: configuration, database: database, clock: clock, hasher: BcryptPasswordHasher(), logger: logger,
            configuredIdentityProviders: try configuration.saml.loadIdentityProviders(),
            serviceProvider: try configuration.loadServiceProvider())
    }

    static func linkPath(for purpose: IssuedToken.Purpose) -> String {
        switch purpose {
        case .registration: "/register/verify"
        case .passwordReset: "/password/reset"
        case .invitation: "/invitation"
        }
    }
}

extension GatehouseConfiguration.SAML {
    /// Parses every configured IdP's metadata file; a problem names the IdP's key.
    public func loadIdentityProviders() throws(ConfigurationError) -> [ConfiguredIdentityProvider] {
        var providers: [ConfiguredIdentityProvider] = []
        for entry in identityProviders {
            let key = "sso.saml.idp.\(entry.name).metadata_file"
            guard let data = FileManager.default.contents(atPath: entry.metadataFile) else {
                throw ConfigurationError(key: key, "cannot read \(entry.metadataFile.debugDescription)")
            }
            do {
                let provider = try ConfiguredIdentityProvider.parse(
                    name: entry.name, displayName: entry.displayName, metadata: Array(data),
                    options: .init(allowsSHA1: entry.allowsSHA1, allowsUnsolicited: entry.allowsUnsolicited, clockSkew: entry.clockSkew),
                    emailAttribute: entry.emailAttribute, nameAttribute: entry.nameAttribute)
                guard !providers.contains(where: { $0.entityID == provider.entityID }) else {
                    throw ConfigurationError(key: key, "entityID \(provider.entityID) is already used by another configured IdP")
                }
                providers.append(provider)
            } catch let error as SAMLError {
                throw ConfigurationError(key: key, "\(entry.metadataFile): \(error.code.rawValue): \(error.message)")
            } catch let error as ConfigurationError {
                throw error
            } catch {
                throw ConfigurationError(key: key, "\(error)")
            }
        }
        return providers
    }
}

extension GatehouseConfiguration {
    /// This SP: entityID and ACS from the base URL, and the optional key that signs AuthnRequests and
    /// decrypts assertions.
    public func loadServiceProvider() throws(ConfigurationError) -> ServiceProvider {
        var provider = ServiceProvider(entityID: serviceProviderEntityID, assertionConsumerServiceURL: assertionConsumerServiceURL)
        guard let keyFile = saml.keyFile, let certificateFile = saml.certificateFile else { return provider }
        guard let keyPEM = FileManager.default.contents(atPath: keyFile).flatMap({ String(data: $0, encoding: .utf8) }) else {
            throw ConfigurationError(key: "sso.saml.sp.key_file", "cannot read \(keyFile.debugDescription)")
        }
        guard let certificatePEM = FileManager.default.contents(atPath: certificateFile).flatMap({ String(data: $0, encoding: .utf8) }) else {
            throw ConfigurationError(key: "sso.saml.sp.certificate_file", "cannot read \(certificateFile.debugDescription)")
        }
        do {
            let key = try PrivateKey(pem: keyPEM)
            let certificate = try X509Certificate(pem: certificatePEM)
            guard key.publicKey.isSameKey(as: certificate.publicKey) else {
                throw ConfigurationError(key: "sso.saml.sp.certificate_file", "the certificate does not belong to sso.saml.sp.key_file")
            }
            provider.signingKey = key
            provider.signingCertificate = certificate
            provider.encryptionCertificate = certificate
            provider.decryptor = try XMLDecryptor(key: key)
        } catch let error as XMLSecurityError {
            throw ConfigurationError(key: "sso.saml.sp.key_file", error.message)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(key: "sso.saml.sp.key_file", "\(error)")
        }
        return provider
    }
}
