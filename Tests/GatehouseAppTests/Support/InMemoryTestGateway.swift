import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseTestSupport
import Hummingbird
import HummingbirdTesting
import Logging

/// ``TestGateway``'s variant on given ``Repositories`` instead of a temporary database — by default the
/// in-memory fakes of GatehouseTestSupport (`Repositories.inMemory()`), one storage behind them all. The
/// same test clock, cheap bcrypt, base URL and consent notice; no IdPs, and JWT apps only if given.
struct InMemoryTestGateway {
    let dependencies: AppDependencies
    let clock: TestClock

    init(repositories: Repositories = .inMemory(), tickets: TicketSettings = TicketSettings(), jwtApps: [JWTApp] = []) async throws {
        clock = TestClock()
        let consent = ConsentNotice(required: true, notice: "We store your data.", checkbox: "I agree", links: [])
        let configuration = GatehouseConfiguration(
            portal: .init(baseURL: try BaseURL(TestGateway.baseURL), title: "Test Support"), databasePath: ":in-memory-fakes:",
            membership: .init(selfRegistration: true, consent: consent), jwtApps: jwtApps, tickets: tickets)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        dependencies = try await AppDependencies(
            configuration: configuration, repositories: repositories, clock: clock, hasher: BcryptPasswordHasher(cost: 4), logger: logger)
    }

    func run(_ test: @escaping @Sendable (TestBrowser) async throws -> Void) async throws {
        let application = try await buildApplication(dependencies)
        try await application.test(.router) { client in
            try await test(TestBrowser(client, origin: dependencies.configuration.portal.baseURL.origin))
        }
    }

    /// A verified contact with ``TestGateway/password``, created through the repositories.
    @discardableResult
    func contact(_ email: String, name: String = "Test Person") async throws -> Contact {
        let contact = try await dependencies.contacts.createContact(
            email: EmailAddress(email)!, name: name, verified: true, isPortalAdmin: false, at: clock.now)
        try await dependencies.identities.setPasswordHash(
            try await BcryptPasswordHasher(cost: 4).hash(TestGateway.password), for: contact.id, at: clock.now)
        return contact
    }

    /// A ticket opened by `contact` at the clock's time (advanced by a second afterwards, so tickets sort).
    @discardableResult
    func ticket(_ subject: String, by contact: Contact, body: String = "Please help.") async throws -> Ticket {
        let ticket = try await dependencies.ticketStore.openTicket(
            NewTicket(
                subject: subject, body: body, contact: contact, pipeline: "support", stage: TicketPipeline.support.initialStage, priority: nil,
                category: nil, at: clock.now))
        clock.advance(by: 1)
        return ticket
    }
}
