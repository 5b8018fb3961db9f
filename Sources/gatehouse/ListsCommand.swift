import ArgumentParser
import Foundation
import GatehouseApp
import GatehouseCore
import Logging

struct ListsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists",
        abstract: "Contact lists: who may enter under a list-based audience rule, and who gets invited.",
        subcommands: [ListsCreateCommand.self, ListsShowCommand.self, ListsAddCommand.self, ListsRemoveCommand.self, ListsInviteCommand.self]
    )
}

struct ListsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a contact list.")

    @OptionGroup var config: ConfigurationOptions

    @Argument(help: "The list name (used in audience.* rules).")
    var name: String

    func run() async throws {
        let (_, store) = try await config.openStore()
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(trimmed.count), trimmed.lowercased() != "all", !trimmed.contains(",") else {
            throw CommandError("a list name has 1 to 100 characters, no comma, and is not \"all\"")
        }
        do {
            _ = try await store.lists.createList(named: trimmed, at: Date())
        } catch StoreError.conflict {
            throw CommandError("a list named \(trimmed) already exists")
        }
        try await store.audit.record(AuditEvent(kind: .admin, detail: "list \(trimmed) created", at: Date()))
        print("Created list \(trimmed)")
    }
}

struct ListsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show every list, or the members of one.")

    @OptionGroup var config: ConfigurationOptions

    @Argument(help: "A list name; omit to list the lists.")
    var name: String?

    func run() async throws {
        let (_, store) = try await config.openStore()
        let lists = store.lists
        guard let name else {
            for list in try await lists.allLists() { print(list.name) }
            return
        }
        guard let list = try await lists.list(named: name) else { throw CommandError("no list named \(name)") }
        for contact in try await lists.members(of: list.id) {
            print("\(contact.email.value)\t\(contact.name)\t\(contact.verified ? "verified" : "unverified")")
        }
    }
}

/// Resolves emails to contacts for list changes; unknown addresses become unverified contacts, so an
/// admin can allow people in before their first SSO sign-in.
struct ListMembershipChange {
    let store: Repositories

    func contacts(for emails: [String], creating: Bool) async throws -> [Contact] {
        let repository = store.contacts
        var contacts: [Contact] = []
        for raw in emails {
            guard let email = EmailAddress(raw) else { throw CommandError("\(raw) is not an email address") }
            if let existing = try await repository.contact(email: email) {
                contacts.append(existing)
            } else if creating {
                contacts.append(
                    try await repository.createContact(email: email, name: email.value, verified: false, isPortalAdmin: false, at: Date()))
            } else {
                throw CommandError("no contact with email \(email.value)")
            }
        }
        return contacts
    }

    /// Adds (unknown addresses become contacts) or removes each address, audited one by one.
    func apply(to listName: String, emails: [String], adding: Bool) async throws {
        let target = try await list(named: listName)
        let lists = store.lists
        for contact in try await contacts(for: emails, creating: adding) {
            if adding {
                try await lists.addMember(contact.id, to: target.id, at: Date())
            } else {
                try await lists.removeMember(contact.id, from: target.id)
            }
            let detail = "\(adding ? "added to" : "removed from") list \(target.name)"
            try await store.audit.record(
                AuditEvent(kind: .admin, contactID: contact.id, email: contact.email.value, detail: detail, at: Date()))
            print("\(adding ? "Added" : "Removed") \(contact.email.value) \(adding ? "to" : "from") \(target.name)")
        }
    }

    func list(named name: String) async throws -> ContactList {
        guard let list = try await store.lists.list(named: name) else {
            throw CommandError("no list named \(name); create it with gatehouse lists create")
        }
        return list
    }
}

struct ListsAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add contacts (by email) to a list.")

    @OptionGroup var config: ConfigurationOptions

    @Argument(help: "The list name.")
    var list: String

    @Argument(help: "Email addresses; unknown ones become contacts that sign in by SSO or invitation.")
    var emails: [String]

    func run() async throws {
        let (_, store) = try await config.openStore()
        try await ListMembershipChange(store: store).apply(to: list, emails: emails, adding: true)
    }
}

struct ListsRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove contacts (by email) from a list.")

    @OptionGroup var config: ConfigurationOptions

    @Argument(help: "The list name.")
    var list: String

    @Argument(help: "Email addresses.")
    var emails: [String]

    func run() async throws {
        let (_, store) = try await config.openStore()
        try await ListMembershipChange(store: store).apply(to: list, emails: emails, adding: false)
    }
}

/// `gatehouse lists invite LIST EMAIL…`: queues registration emails with single-use invitation links
/// for an invite-only list (`membership.invite_only_lists`); accepting adds the person to the list.
struct ListsInviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "invite", abstract: "Invite people (by email) to an invite-only list.")

    @OptionGroup var config: ConfigurationOptions

    @Argument(help: "The list name; must be in membership.invite_only_lists.")
    var list: String

    @Argument(help: "Email addresses to invite.")
    var emails: [String]

    @Option(name: .customLong("base-url"), help: "The public URL in the invitation links (default: portal.base_url of the configuration).")
    var baseURL: String?

    func run() async throws {
        let configuration = try await config.load(.init(baseURL: baseURL))
        guard configuration.membership.inviteOnlyLists.contains(where: { $0.lowercased() == list.lowercased() }) else {
            throw CommandError(
                "list \(list) is not in membership.invite_only_lists (\(configuration.membership.inviteOnlyLists.joined(separator: ", ")))")
        }
        let store: Store.Opened
        do {
            store = try await Store.open(configuration, logger: Logger(label: "gatehouse"))
        } catch {
            throw CommandError("configuration: \(error)")
        }
        let dependencies = try await AppDependencies.live(configuration: configuration, store: store, logger: Logger(label: "gatehouse"))
        defer { Task { await store.close() } }
        let target = try await ListMembershipChange(store: dependencies.repositories).list(named: list)
        for raw in emails {
            guard let email = EmailAddress(raw) else { throw CommandError("\(raw) is not an email address") }
            if try await dependencies.registration.invite(email: email, to: target) != nil {
                print("Queued an invitation to \(email.value) for \(target.name)")
            } else {
                print("Not sent: \(email.value) already had its hourly share of account emails (limits.account_emails_per_hour); try later")
            }
        }
    }
}
