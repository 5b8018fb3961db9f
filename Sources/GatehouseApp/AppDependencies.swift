import Foundation
import GatehouseCore
import Logging
import SAML
import XMLSecurity

/// Everything the routes use, built once around one store's ``Repositories`` (the `gatehouse`
/// executable chooses the store; tests pass a temporary database's, or fakes), a clock and a hasher.
public struct AppDependencies: Sendable {
    public let configuration: GatehouseConfiguration
    public let repositories: Repositories
    public let clock: any GatehouseCore.Clock
    public let logger: Logger
    public let metrics: GatehouseMetrics
    public let pages: PageRenderer
    public var contacts: any ContactRepository { repositories.contacts }
    public var lists: any ContactListRepository { repositories.lists }
    public var identities: any IdentityRepository { repositories.identities }
    public var audit: any AuditLog { repositories.audit }
    public var outbox: any OutboxRepository { repositories.outbox }
    public var sessionStore: any SessionStore { repositories.sessions }
    public var samlRequests: any SAMLRequestRepository { repositories.samlRequests }
    public var ticketStore: any TicketRepository { repositories.tickets }
    public var apiTokens: any APITokenRepository { repositories.apiTokens }
    public let signIn: SignInService
    public let registration: RegistrationService
    /// Wakes the account-request worker when this process queued a request.
    let accountRequestsQueued: WakeSignal
    public let identityProviders: IdentityProviderDirectory
    public let jwtVerifier: JWTSignInVerifier
    public let serviceProvider: ServiceProvider
    public let tickets: TicketService
    /// Signs and checks the unsubscribe links of notifications (the same in every instance on one store).
    let unsubscribeKey: Data
    public var mailPreferences: any MailPreferenceRepository { repositories.mailPreferences }

    public init(
        configuration: GatehouseConfiguration, repositories: Repositories, clock: any GatehouseCore.Clock, hasher: any PasswordHasher,
        logger: Logger, configuredIdentityProviders: [ConfiguredIdentityProvider] = [], serviceProvider: ServiceProvider? = nil
    ) async throws {
        self.configuration = configuration
        self.repositories = repositories
        self.clock = clock
        self.logger = logger
        metrics = GatehouseMetrics()
        pages = try await PageRenderer(portal: configuration.portal, tickets: configuration.tickets)
        unsubscribeKey = try await repositories.mailPreferences.signingKey()
        tickets = TicketService(
            repository: repositories.tickets, settings: configuration.tickets, clock: clock,
            notifier: TicketMailer(
                enabled: configuration.email.delivers, key: unsubscribeKey, settings: configuration.email.notifications,
                portal: configuration.portal))
        signIn = SignInService(
            contacts: repositories.contacts, identities: repositories.identities, membership: repositories.membership,
            attempts: repositories.loginAttempts, rateLimits: repositories.rateLimits, audit: repositories.audit, hasher: hasher,
            limits: configuration.limits, clock: clock, decoyHash: try await hasher.hash(OneTimeToken().value))
        let baseURL = configuration.portal.baseURL
        let membershipSettings = configuration.membership
        let queued = WakeSignal()
        accountRequestsQueued = queued
        registration = RegistrationService(
            contacts: repositories.contacts, membership: repositories.membership, requests: repositories.accountRequests,
            rateLimits: repositories.rateLimits, audit: repositories.audit, hasher: hasher, clock: clock,
            settings: RegistrationSettings(
                selfRegistration: membershipSettings.selfRegistration, consent: membershipSettings.consent,
                passwordPolicy: membershipSettings.passwordPolicy, tokenLifetime: membershipSettings.tokenLifetime,
                portalName: configuration.portal.title, registrationEmail: membershipSettings.registrationEmail,
                invitationEmail: membershipSettings.invitationEmail, defaultLanguage: configuration.portal.defaultLanguage.rawValue),
            limits: configuration.limits, link: { purpose, token in baseURL.url(Self.linkPath(for: purpose) + "?token=" + token) },
            requestQueued: { queued.wake() })
        identityProviders = IdentityProviderDirectory(
            configured: configuredIdentityProviders, registry: repositories.identityProviders, logger: logger)
        jwtVerifier = JWTSignInVerifier(
            apps: JWTAppDirectory(configured: configuration.jwtApps, registry: repositories.jwtApps, logger: logger),
            defaultAudience: baseURL.origin)
        self.serviceProvider =
            serviceProvider
            ?? ServiceProvider(
                entityID: configuration.serviceProviderEntityID, assertionConsumerServiceURL: configuration.assertionConsumerServiceURL)
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
