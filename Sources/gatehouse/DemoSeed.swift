import Foundation
import GatehouseApp
import GatehouseCore

/// The demo's people and tickets: the customer demo@gatehouse.test (a fresh random password on every
/// start unless one is given), a colleague sharing some tickets, a stranger whose tickets the customer
/// must not see, and the agent agent@gatehouse.test. `gatehouse serve` runs it with `demo.enabled: true`;
/// `gatehouse demo seed` runs it on any configuration's database.
struct DemoSeed {
    static let email = EmailAddress("demo@gatehouse.test")!
    static let agentEmail = EmailAddress("agent@gatehouse.test")!
    let dependencies: AppDependencies

    func run(password given: String? = nil, agentPassword givenAgentPassword: String? = nil) async throws {
        let now = dependencies.clock.now
        let customer = try await contact(Self.email, name: "Demo Customer")
        let colleague = try await contact(EmailAddress("colleague@gatehouse.test")!, name: "Demo Colleague")
        let stranger = try await contact(EmailAddress("stranger@example.test")!, name: "Someone Else")
        let agent = try await contact(Self.agentEmail, name: "Alex Agent")
        try await dependencies.contacts.setAgent(agent.id, true)
        let password = given ?? String(OneTimeToken().value.prefix(16))
        let agentPassword = givenAgentPassword ?? String(OneTimeToken().value.prefix(16))
        let hasher = BcryptPasswordHasher()
        try await dependencies.identities.setPasswordHash(try await hasher.hash(password), for: customer.id, at: now)
        try await dependencies.identities.setPasswordHash(try await hasher.hash(agentPassword), for: agent.id, at: now)
        let seeded = try await DemoTickets(dependencies: dependencies).run(customer: customer, colleague: colleague, stranger: stranger, agent: agent)
        if seeded > 0 { printUnbuffered("Demo tickets: \(seeded) created") }
        printUnbuffered("Demo customer: \(Self.email.value) / \(given == nil ? password : "(password from file)")")
        printUnbuffered("Demo agent:    \(Self.agentEmail.value) / \(givenAgentPassword == nil ? agentPassword : "(password from file)")")
    }

    func contact(_ email: EmailAddress, name: String) async throws -> Contact {
        if let existing = try await dependencies.contacts.contact(email: email) {
            if !existing.verified { try await dependencies.contacts.markVerified(existing.id) }
            return existing
        }
        return try await dependencies.contacts.createContact(
            email: email, name: name, verified: true, isPortalAdmin: false, at: dependencies.clock.now)
    }
}
