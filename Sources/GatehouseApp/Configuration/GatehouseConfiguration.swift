import Foundation
import GatehouseCore

/// Everything Gatehouse reads from its configuration file and environment, parsed and validated once at
/// startup (see `GatehouseConfiguration+Loading.swift`). Tests build it directly.
public struct GatehouseConfiguration: Sendable {
    public struct Server: Sendable {
        public var host: String
        public var port: Int
        /// Reverse proxies (exact IP addresses) whose `X-Forwarded-For` names the real client, for
        /// per-address throttling and audit. Empty: the TCP peer is the client.
        public var trustedProxies: [String]
        /// How long SIGTERM/SIGINT wait for requests in flight before the server closes them and exits.
        public var shutdownTimeout: Duration
        /// How long `/readyz` waits for the database before answering 503.
        public var readinessTimeout: Duration
        /// This process's name among several behind a load balancer (``InstanceID``); `server.instance_id`,
        /// or when that is empty the host name and 6 random hex digits, chosen at startup.
        public var instanceID: String

        public init(
            host: String = "127.0.0.1", port: Int = 8080, trustedProxies: [String] = [], shutdownTimeout: Duration = .seconds(10),
            readinessTimeout: Duration = .seconds(1), instanceID: String = InstanceID.generated()
        ) {
            self.host = host
            self.port = port
            self.trustedProxies = trustedProxies
            self.shutdownTimeout = shutdownTimeout
            self.readinessTimeout = readinessTimeout
            self.instanceID = instanceID
        }
    }

    public struct Portal: Sendable {
        public var enabled: Bool
        public var baseURL: BaseURL
        public var title: String
        /// Where the portal pages live, `/` or `/support`: tickets are at `<prefix>/tickets`.
        public var pathPrefix: String
        public var defaultLanguage: Language
        /// The time zone dates are shown in.
        public var timeZone: TimeZone
        /// The knowledge-base link in the header, when set.
        public var knowledgeBaseURL: String?
        public var branding: Branding
        /// A directory whose `*.mustache` files replace the built-in templates of the same name.
        public var templatesDirectory: String?

        public init(
            enabled: Bool = true, baseURL: BaseURL, title: String = "Support", pathPrefix: String = "/", defaultLanguage: Language = .en,
            timeZone: TimeZone = TimeZone(identifier: "UTC")!, knowledgeBaseURL: String? = nil, branding: Branding = Branding(),
            templatesDirectory: String? = nil
        ) {
            self.enabled = enabled
            self.baseURL = baseURL
            self.title = title
            self.pathPrefix = pathPrefix
            self.defaultLanguage = defaultLanguage
            self.timeZone = timeZone
            self.knowledgeBaseURL = knowledgeBaseURL
            self.branding = branding
            self.templatesDirectory = templatesDirectory
        }

        /// A portal path under the prefix: `path("tickets")` is `/tickets` or `/support/tickets`.
        public func path(_ relative: String) -> String {
            (pathPrefix == "/" ? "" : pathPrefix) + "/" + relative
        }
    }

    public struct Membership: Sendable {
        public var selfRegistration: Bool
        /// Lists `gatehouse lists invite` may send invitations for; invitees join the list.
        public var inviteOnlyLists: [String]
        public var passwordPolicy: PasswordPolicy
        public var tokenLifetime: TimeInterval
        public var consent: ConsentNotice?
        public var registrationEmail: EmailTemplate
        /// What `gatehouse lists invite` sends (`membership.invitation_email.*`).
        public var invitationEmail: EmailTemplate

        public init(
            selfRegistration: Bool = true, inviteOnlyLists: [String] = [], passwordPolicy: PasswordPolicy = PasswordPolicy(),
            tokenLifetime: TimeInterval = 86_400, consent: ConsentNotice? = nil, registrationEmail: EmailTemplate = .registration,
            invitationEmail: EmailTemplate = .invitation
        ) {
            self.invitationEmail = invitationEmail
            self.selfRegistration = selfRegistration
            self.inviteOnlyLists = inviteOnlyLists
            self.passwordPolicy = passwordPolicy
            self.tokenLifetime = tokenLifetime
            self.consent = consent
            self.registrationEmail = registrationEmail
        }
    }

    /// A SAML IdP named in the configuration file (IdPs added with `gatehouse idp add` live in the database).
    public struct IdentityProviderEntry: Sendable, Equatable {
        public var name: String
        public var displayName: String
        public var metadataFile: String
        public var allowsUnsolicited: Bool
        public var allowsSHA1: Bool
        public var clockSkew: TimeInterval
        public var emailAttribute: String?
        public var nameAttribute: String?

        public init(
            name: String, displayName: String? = nil, metadataFile: String, allowsUnsolicited: Bool = false, allowsSHA1: Bool = false,
            clockSkew: TimeInterval = 90, emailAttribute: String? = nil, nameAttribute: String? = nil
        ) {
            self.name = name
            self.displayName = displayName ?? name
            self.metadataFile = metadataFile
            self.allowsUnsolicited = allowsUnsolicited
            self.allowsSHA1 = allowsSHA1
            self.clockSkew = clockSkew
            self.emailAttribute = emailAttribute
            self.nameAttribute = nameAttribute
        }
    }

    public struct SAML: Sendable {
        /// Our entityID; empty means `<base-url>/saml/metadata`.
        public var entityID: String?
        /// PEM files of the key that signs AuthnRequests and decrypts assertions, and its certificate.
        public var keyFile: String?
        public var certificateFile: String?
        public var identityProviders: [IdentityProviderEntry]

        public init(entityID: String? = nil, keyFile: String? = nil, certificateFile: String? = nil, identityProviders: [IdentityProviderEntry] = [])
        {
            self.entityID = entityID
            self.keyFile = keyFile
            self.certificateFile = certificateFile
            self.identityProviders = identityProviders
        }
    }

    /// Logo, favicon and colours of the portal pages.
    public struct Branding: Sendable, Equatable {
        public var logoURL: String
        public var faviconURL: String
        public var primaryColor: String
        public var accentColor: String

        public init(
            logoURL: String = "/static/logo.svg", faviconURL: String = "/static/favicon.svg", primaryColor: String = "#1f5fbf",
            accentColor: String = "#0b7a55"
        ) {
            self.logoURL = logoURL
            self.faviconURL = faviconURL
            self.primaryColor = primaryColor
            self.accentColor = accentColor
        }

        /// Origins other than ours that images come from (for the CSP's img-src).
        public var imageOrigins: [String] {
            Set(
                [logoURL, faviconURL].compactMap { url -> String? in
                    guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return nil }
                    return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
                }
            ).sorted()
        }
    }

    /// A shared PostgreSQL database (`database.url`), for several instances; without one, the SQLite
    /// file at `database.path`. The URL is checked by the store that parses it (the executable names the key).
    public struct PostgreSQL: Sendable, Equatable {
        public var url: String
        /// From `database.password` (or GATEHOUSE_DATABASE_PASSWORD), read as a secret; nil when empty.
        public var password: String?
        public var poolSize: Int
        public var statementTimeout: Duration

        public init(url: String, password: String? = nil, poolSize: Int = 10, statementTimeout: Duration = .seconds(5)) {
            self.url = url
            self.password = password
            self.poolSize = poolSize
            self.statementTimeout = statementTimeout
        }
    }

    public var server: Server
    public var portal: Portal
    public var databasePath: String
    public var postgres: PostgreSQL?
    public var membership: Membership
    public var saml: SAML
    /// JWT apps from the configuration file (apps added with `gatehouse jwt-app add` live in the database).
    public var jwtApps: [JWTApp]
    public var audience: [AuthenticationMethod: AudienceRule]
    public var sessions: SessionPolicy
    /// Rate limits and the online-guessing throttle (`limits.*`).
    public var limits: AccountLimits
    public var tickets: TicketSettings
    /// Seed a demo contact with a fresh password printed at startup (the embedded demo configuration only).
    public var demo: Bool
    /// The file the configuration was read from, for messages.
    public var source: String
    /// How `gatehouse serve` writes its log (`log.format`).
    public var logFormat: LogFormat
    /// How queued emails leave (`email.*`).
    public var email: Email

    public init(
        server: Server = Server(), portal: Portal, databasePath: String, membership: Membership = Membership(), saml: SAML = SAML(),
        jwtApps: [JWTApp] = [], audience: [AuthenticationMethod: AudienceRule] = [:], sessions: SessionPolicy = SessionPolicy(),
        limits: AccountLimits = AccountLimits(), tickets: TicketSettings = TicketSettings(), demo: Bool = false, source: String = "(in code)",
        postgres: PostgreSQL? = nil, logFormat: LogFormat = .text, email: Email = Email()
    ) {
        self.server = server
        self.portal = portal
        self.databasePath = databasePath
        self.postgres = postgres
        self.membership = membership
        self.saml = saml
        self.jwtApps = jwtApps
        self.audience = audience
        self.sessions = sessions
        self.limits = limits
        self.tickets = tickets
        self.demo = demo
        self.source = source
        self.logFormat = logFormat
        self.email = email
    }

    /// The audience rule of a sign-in method; methods without one admit everyone who authenticates.
    public func audienceRule(for method: AuthenticationMethod) -> AudienceRule {
        audience[method] ?? .all
    }

    public var serviceProviderEntityID: String {
        saml.entityID ?? portal.baseURL.url("/saml/metadata")
    }

    public var assertionConsumerServiceURL: String {
        portal.baseURL.url("/saml/acs")
    }
}
