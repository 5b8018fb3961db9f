import ArgumentParser
import Foundation
import GatehouseApp
import GatehouseCore

struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Portal administrators.", subcommands: [AdminCreateCommand.self])
}

/// `gatehouse admin create`: a verified portal admin (passes every audience rule, works tickets) or
/// support agent (works tickets in the agent inbox), with a password.
struct AdminCreateCommand: AsyncParsableCommand {
    enum Role: String, ExpressibleByArgument, CaseIterable {
        case admin
        case agent
    }

    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create (or promote) a portal admin or agent with a password.")

    @OptionGroup var config: ConfigurationOptions

    @Option(help: "The admin's email address.")
    var email: String

    @Option(help: "The admin's name.")
    var name: String = "Portal admin"

    @Option(help: "admin (every audience rule, agent inbox) or agent (agent inbox only).")
    var role: Role = .admin

    @Option(name: .customLong("password-file"), help: "Read the password from this file ('-' for stdin); otherwise a random one is printed.")
    var passwordFile: String?

    func run() async throws {
        let (configuration, store) = try await config.openStore()
        guard let address = EmailAddress(email) else { throw CommandError("\(email) is not an email address") }
        let password: String
        var generated = false
        if let passwordFile {
            password = try InputFile.text(passwordFile, what: "password").trimmingCharacters(in: .newlines)
        } else {
            password = String(OneTimeToken().value.prefix(20))
            generated = true
        }
        if let problem = configuration.membership.passwordPolicy.problem(with: password, email: address) {
            throw CommandError("the password is refused: \(problem)")
        }
        let contacts = store.contacts
        let now = Date()
        let contact: Contact
        if let existing = try await contacts.contact(email: address) {
            contact = existing
            try await contacts.markVerified(existing.id)
        } else {
            contact = try await contacts.createContact(email: address, name: name, verified: true, isPortalAdmin: role == .admin, at: now)
        }
        switch role {
        case .admin: try await contacts.setPortalAdmin(contact.id, true)
        case .agent: try await contacts.setAgent(contact.id, true)
        }
        try await store.identities.setPasswordHash(try await BcryptPasswordHasher().hash(password), for: contact.id, at: now)
        try await store.audit.record(
            AuditEvent(kind: .admin, contactID: contact.id, email: address.value, detail: "portal \(role.rawValue) created or promoted", at: now))
        print(role == .admin ? "Portal admin \(address.value) is ready." : "Agent \(address.value) is ready.")
        if generated { print("Password: \(password)") }
    }
}
