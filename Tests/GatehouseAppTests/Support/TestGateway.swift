import Foundation
import GRDB
import GatehouseApp
import GatehouseCore
import GatehouseStore
import Hummingbird
import HummingbirdTesting
import Logging
import SAML
import XMLSecurity

/// A gateway on a temporary database with a test clock, a cheap bcrypt cost, the TEST IdP
/// (`test`, solicited only) and an unsolicited-friendly twin (`partner`), and an HS256 JWT app.
struct TestGateway {
    static let baseURL = "http://127.0.0.1:8080"
    static let idpEntityID = "https://idp.gatehouse.test/metadata"
    static let partnerEntityID = "https://partner-idp.gatehouse.test/metadata"
    static let postOnlyEntityID = "https://accounts.gatehouse.test/o/saml2?idpid=C0ffee"
    static let jwtSecret = "TEST-ONLY-jwt-secret-0123456789abcdef"
    static let password = "correct horse battery"

    let dependencies: AppDependencies
    /// The temporary database behind ``dependencies``' repositories, for tests that look at rows directly.
    let database: AppDatabase
    let clock: TestClock
    let minter: TestResponseMinter

    init(
        audience: [AuthenticationMethod: AudienceRule] = [:], portalEnabled: Bool = true, selfRegistration: Bool = true,
        consent: ConsentNotice? = ConsentNotice(required: true, notice: "We store your data.", checkbox: "I agree", links: []),
        baseURL: String = TestGateway.baseURL, pathPrefix: String = "/", sessions: SessionPolicy = SessionPolicy(),
        jwtApps: [JWTApp] = [TestGateway.hs256App], tickets: TicketSettings = TicketSettings(), knowledgeBaseURL: String? = nil,
        templatesDirectory: String? = nil, branding: GatehouseConfiguration.Branding = .init(), defaultLanguage: Language = .en,
        server: GatehouseConfiguration.Server = .init(), limits: AccountLimits = AccountLimits(), email: GatehouseConfiguration.Email = .init(),
        logger givenLogger: Logger? = nil
    ) async throws {
        clock = TestClock()
        minter = try TestResponseMinter(key: try TestKeys.key("test-idp-rsa"), certificate: try TestKeys.certificate("test-idp-rsa"))
        let configuration = GatehouseConfiguration(
            server: server,
            portal: .init(
                enabled: portalEnabled, baseURL: try BaseURL(baseURL), title: "Test Support", pathPrefix: pathPrefix,
                defaultLanguage: defaultLanguage,
                knowledgeBaseURL: knowledgeBaseURL, branding: branding, templatesDirectory: templatesDirectory),
            databasePath: ":temporary:",
            membership: .init(selfRegistration: selfRegistration, inviteOnlyLists: ["Customers"], consent: consent),
            jwtApps: jwtApps, audience: audience, sessions: sessions, limits: limits, tickets: tickets, email: email)
        let providers = [
            try ConfiguredIdentityProvider.parse(
                name: "test", displayName: "Test IdP",
                metadata: Array(minter.identityProviderMetadata(entityID: Self.idpEntityID, singleSignOnURL: "https://idp.gatehouse.test/sso").utf8),
                options: .init(), emailAttribute: nil, nameAttribute: nil),
            try ConfiguredIdentityProvider.parse(
                name: "partner", displayName: "Partner IdP",
                metadata: Array(
                    minter.identityProviderMetadata(entityID: Self.partnerEntityID, singleSignOnURL: "https://partner-idp.gatehouse.test/sso").utf8),
                options: .init(allowsUnsolicited: true), emailAttribute: "mail", nameAttribute: nil),
            // Like Google Workspace: only an HTTP-POST SingleSignOnService.
            try ConfiguredIdentityProvider.parse(
                name: "workspace", displayName: "Workspace",
                metadata: Array(
                    minter.identityProviderMetadata(entityID: Self.postOnlyEntityID, singleSignOnURL: "https://accounts.gatehouse.test/o/saml2/idp")
                        .replacingOccurrences(of: SAMLIdentifier.httpRedirectBinding, with: SAMLIdentifier.httpPostBinding).utf8),
                options: .init(), emailAttribute: nil, nameAttribute: nil),
        ]
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let database = try AppDatabase.temporary()
        self.database = database
        dependencies = try await AppDependencies(
            configuration: configuration, repositories: .sqlite(database), clock: clock, hasher: BcryptPasswordHasher(cost: 4),
            logger: givenLogger ?? logger, configuredIdentityProviders: providers)
    }

    static var hs256App: JWTApp {
        JWTApp(id: "billing", algorithm: .hs256, key: jwtSecret, issuer: "https://billing.test", audience: baseURL, maxAge: 300, addedAt: Date())
    }

    func run(_ test: @escaping @Sendable (TestBrowser) async throws -> Void) async throws {
        let application = try await buildApplication(dependencies)
        try await application.test(.router) { client in
            try await test(TestBrowser(client, origin: dependencies.configuration.portal.baseURL.origin))
        }
    }

    /// Returns once every queued account request has been acted on: by a pass of its own, or by the
    /// app's ``AccountRequestWorker``, which may hold a request's lease at this moment (a condition, not a sleep).
    func deliverAccountEmails() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            try await dependencies.registration.processor.processDue()
            let open = try await database.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM accountRequest WHERE completedAt IS NULL") ?? 0
            }
            if open == 0 { return }
            guard ContinuousClock.now < deadline else { throw TestGatewayError("\(open) account request(s) still open after 10 s") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// A verified contact with the test password.
    @discardableResult
    func contact(_ email: String, name: String = "Test Person", verified: Bool = true, admin: Bool = false, lists: [String] = []) async throws
        -> Contact
    {
        let contact = try await dependencies.contacts.createContact(
            email: EmailAddress(email)!, name: name, verified: verified, isPortalAdmin: admin, at: clock.now)
        try await dependencies.identities.setPasswordHash(
            try await BcryptPasswordHasher(cost: 4).hash(Self.password), for: contact.id, at: clock.now)
        for name in lists {
            var list = try await dependencies.lists.list(named: name)
            if list == nil { list = try await dependencies.lists.createList(named: name, at: clock.now) }
            guard let list else { continue }
            try await dependencies.lists.addMember(contact.id, to: list.id, at: clock.now)
        }
        return contact
    }

    /// Signs `email` in afresh (any earlier session dropped) and requires the redirect to the ticket list.
    func signIn(_ browser: TestBrowser, _ email: String) async throws {
        browser.setCookie("gatehouse_session", nil)
        let response = try await browser.signIn(email)
        guard response.status == .seeOther, response.location == "/tickets" else {
            throw TestGatewayError("sign-in of \(email) answered \(response.status) \(response.location ?? "")")
        }
    }

    /// A ticket opened by `contact` at the clock's time (advanced by a second afterwards, so tickets sort).
    @discardableResult
    func ticket(
        _ subject: String, by contact: Contact, body: String = "Please help.", priority: TicketPriority? = nil, pipeline: String = "support",
        stage: String = "new"
    ) async throws -> Ticket {
        let settings = dependencies.configuration.tickets
        let stage = settings.pipeline(named: pipeline)!.stage(named: stage)!
        let ticket = try await dependencies.ticketStore.openTicket(
            NewTicket(
                subject: subject, body: body, contact: contact, pipeline: pipeline, stage: stage, priority: priority, category: nil, at: clock.now))
        clock.advance(by: 1)
        return ticket
    }

    /// A message on a ticket at the clock's time.
    @discardableResult
    func message(_ body: String, on ticket: Ticket, by author: TicketMessage.Author, kind: TicketMessage.Kind = .publicMessage) async throws
        -> TicketMessage
    {
        let message = try await dependencies.ticketStore.appendMessage(
            NewTicketMessage(ticketID: ticket.id, author: author, kind: kind, body: body, at: clock.now))
        clock.advance(by: 1)
        return message
    }

    /// A signed response from the test IdP (or `issuer`), base64 as the ACS receives it.
    func samlResponse(
        nameID: String, inResponseTo: String? = nil, issuer: String = TestGateway.idpEntityID, attributes: [(name: String, values: [String])] = [],
        nameIDFormat: String? = SAMLIdentifier.emailNameIDFormat, audience: String? = nil
    ) throws -> String {
        var response = SAML.TestResponse(
            issuer: issuer, audience: audience ?? dependencies.configuration.serviceProviderEntityID,
            assertionConsumerServiceURL: dependencies.configuration.assertionConsumerServiceURL, nameID: nameID, nameIDFormat: nameIDFormat,
            attributes: attributes, inResponseTo: inResponseTo, issueInstant: clock.now)
        response.nameIDFormat = nameIDFormat
        return Data(try minter.mint(response, signing: .both)).base64EncodedString()
    }
}

struct TestGatewayError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
