import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore

/// The whole gateway as a Hummingbird application; `gatehouse serve`, the tests and the live benchmark
/// run this. `onServerRunning` receives the listening channel (its port when the configured one is 0).
public func buildApplication(
    _ dependencies: AppDependencies, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let configuration = dependencies.configuration
    var application = Application(
        router: buildRouter(dependencies),
        configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: "Gatehouse"),
        onServerRunning: onServerRunning, logger: dependencies.logger)
    application.addServices(
        MaintenanceService(store: dependencies.repositories.maintenance, clock: dependencies.clock, logger: dependencies.logger),
        AccountRequestWorker(processor: dependencies.registration.processor, signal: dependencies.accountRequestsQueued, logger: dependencies.logger))
    if let transport = configuration.email.makeTransport(clock: dependencies.clock, logger: dependencies.logger) {
        application.addServices(
            OutboxWorker(
                delivery: OutboxDelivery(
                    outbox: dependencies.outbox, transport: transport, clock: dependencies.clock, policy: configuration.email.retry,
                    preferences: dependencies.mailPreferences),
                outbox: dependencies.outbox, metrics: dependencies.metrics, clock: dependencies.clock, logger: dependencies.logger))
    }
    return application
}

/// The routes and middleware, without a server: what the in-process HTTP tests drive.
public func buildRouter(_ dependencies: AppDependencies) -> Router<AppRequestContext> {
    let configuration = dependencies.configuration
    let secure = configuration.portal.baseURL.isHTTPS
    let csrf = CSRFToken(secure: secure)
    let sessionCookie = secure ? "__Host-gatehouse_session" : "gatehouse_session"
    let sessionKeyPrefix = "s:"
    let sessionCookieParameters = SessionCookieParameters(name: sessionCookie, path: "/", secure: secure, sameSite: .lax)
    let sessionStorage = SessionStorage<PortalSession>(
        DatabasePersistDriver(store: dependencies.sessionStore, clock: dependencies.clock),
        configuration: .init(sessionCookieParameters: sessionCookieParameters, keyPrefix: sessionKeyPrefix))
    let sessions = SessionIssuer(
        storage: sessionStorage, ledger: dependencies.repositories.signIns, policy: configuration.sessions, clock: dependencies.clock, csrf: csrf,
        keyPrefix: sessionKeyPrefix, cookie: sessionCookieParameters)
    let device = DeviceCookie(secure: secure)

    let router = Router(context: AppRequestContext.self)
    router.middlewares.add(RequestIDMiddleware(trustedProxies: Set(configuration.server.trustedProxies)))
    router.middlewares.add(RequestLogMiddleware())
    router.middlewares.add(RequestMetricsMiddleware(metrics: dependencies.metrics))
    router.middlewares.add(SecurityHeadersMiddleware(https: secure, imageOrigins: configuration.portal.branding.imageOrigins))
    router.middlewares.add(
        PageMiddleware(
            pages: dependencies.pages, defaultLanguage: configuration.portal.defaultLanguage, trustedProxies: Set(configuration.server.trustedProxies)
        ))
    router.middlewares.add(
        SessionMiddleware(sessionStorage: sessionStorage, defaultSessionExpiration: .seconds(Int64(configuration.sessions.idleTimeout))))
    router.middlewares.add(
        FormPostMiddleware(
            origin: configuration.portal.baseURL.origin, csrf: csrf, exemptPaths: ["/saml/acs", JWTController.path, UnsubscribeController.path],
            exemptPrefixes: [APIController.pathPrefix]))

    HealthController(
        store: dependencies.repositories.maintenance, readinessTimeout: configuration.server.readinessTimeout, metrics: dependencies.metrics,
        instanceID: configuration.server.instanceID
    ).addRoutes(to: router)
    LoginController(
        signIn: dependencies.signIn, identityProviders: dependencies.identityProviders, pages: dependencies.pages, metrics: dependencies.metrics,
        clock: dependencies.clock, configuration: configuration, sessions: sessions, csrf: csrf, device: device
    ).addRoutes(to: router)
    RegistrationController(
        registration: dependencies.registration, pages: dependencies.pages, configuration: configuration, csrf: csrf, sessions: sessions
    ).addRoutes(to: router)
    let flow = ExternalSignInFlow(
        ledger: dependencies.repositories.signIns, signIn: dependencies.signIn, audit: dependencies.audit, metrics: dependencies.metrics,
        clock: dependencies.clock, configuration: configuration, sessions: sessions)
    let home = configuration.portal.path("tickets")
    SAMLController(
        serviceProvider: dependencies.serviceProvider, identityProviders: dependencies.identityProviders, samlRequests: dependencies.samlRequests,
        flow: flow, pages: dependencies.pages, defaultDestination: home, imageOrigins: configuration.portal.branding.imageOrigins,
        browserKeyCookie: secure ? "__Secure-gatehouse_saml" : "gatehouse_saml", secure: secure
    ).addRoutes(to: router)
    JWTController(verifier: dependencies.jwtVerifier, flow: flow, defaultDestination: home).addRoutes(to: router)

    let portal = router.group(RouterPath(configuration.portal.pathPrefix))
        .add(middleware: PortalAvailabilityMiddleware(enabled: configuration.portal.enabled))
        .add(
            middleware: SessionAuthenticationMiddleware(
                policy: configuration.sessions, contacts: dependencies.contacts, clock: dependencies.clock, cookieName: sessionCookie)
        )
        .add(middleware: ErrorPageMiddleware(pages: dependencies.pages))
    TicketsController(pages: dependencies.pages, configuration: configuration, service: dependencies.tickets, csrf: csrf).addRoutes(to: portal)
    AccountController(
        signIn: dependencies.signIn, pages: dependencies.pages, configuration: configuration, csrf: csrf, sessions: sessions, device: device
    ).addRoutes(to: portal)
    AgentController(
        pages: dependencies.pages, configuration: configuration, service: dependencies.tickets, contacts: dependencies.contacts, csrf: csrf
    ).addRoutes(to: portal.group().add(middleware: AgentOnlyMiddleware()))
    APIController(contacts: dependencies.contacts, service: dependencies.tickets).addRoutes(
        to: router.group(RouterPath(APIController.pathPrefix)).add(middleware: APITokenMiddleware(tokens: dependencies.apiTokens)))
    LanguageController(secure: secure, home: home).addRoutes(to: router)
    UnsubscribeController(
        pages: dependencies.pages, preferences: dependencies.mailPreferences, key: dependencies.unsubscribeKey, clock: dependencies.clock
    ).addRoutes(to: router)
    StaticController(assets: dependencies.pages.assets).addRoutes(to: router)
    router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: home]) }
    return router
}
