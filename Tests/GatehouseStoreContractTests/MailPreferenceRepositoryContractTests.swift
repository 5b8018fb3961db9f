import Foundation
import GatehouseCore
import Testing

@Suite struct MailPreferenceRepositoryContractTests {
    let now = contractNow

    @Test("Choices are kept per address: language and notifications on or off, each without touching the other", arguments: StoreKind.testedKinds)
    func preferences(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let preferences = repositories.mailPreferences
            let ada = EmailAddress("ada@example.com")!
            let team = EmailAddress("team@example.com")!
            #expect(try await preferences.preferences(of: [ada, team]).isEmpty)
            #expect(try await preferences.preferences(of: []).isEmpty)
            try await preferences.setLanguage("fi", for: ada)
            try await preferences.setNotificationsOff(now, for: team)
            try await preferences.setLanguage("de", for: ada)
            let found = try await preferences.preferences(of: [ada, team])
            #expect(found[ada] == MailPreference(language: "de"))
            #expect(found[team]?.language == nil && found[team]?.wantsNotifications == false)
            try await preferences.setNotificationsOff(now, for: ada)
            #expect(try await preferences.preference(of: ada) == MailPreference(language: "de", notificationsOffAt: now))
            try await preferences.setNotificationsOff(nil, for: ada)
            #expect(try await preferences.preference(of: ada) == MailPreference(language: "de"))
        }
    }

    @Test("The signing key is made once: 32 bytes, the same for every later caller", arguments: StoreKind.testedKinds)
    func signingKey(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let keys = try await withThrowingTaskGroup(of: Data.self) { group in
                for _ in 0..<4 { group.addTask { try await repositories.mailPreferences.signingKey() } }
                return try await group.reduce(into: [Data]()) { $0.append($1) }
            }
            #expect(keys.count == 4 && Set(keys).count == 1 && keys[0].count == 32)
            #expect(try await repositories.mailPreferences.signingKey() == keys[0])
        }
    }

    @Test("A ticket write queues its emails and keeps its author's language in its own transaction", arguments: StoreKind.testedKinds)
    func ticketMail(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let ada = try await repositories.newContact("ada@example.com")
            let grace = try await repositories.newContact("grace@example.com")
            let bob = try await repositories.newContact("bob@example.com")
            let agents = try await repositories.lists.createList(named: "Agents", at: now)
            try await repositories.lists.addMember(bob.id, to: agents.id, at: now)
            try await repositories.lists.addMember(ada.id, to: agents.id, at: now)
            try await repositories.mailPreferences.setNotificationsOff(now, for: EmailAddress("off@example.com")!)
            try await repositories.mailPreferences.setLanguage("de", for: bob.email)
            let seen = Recorder()
            let mail = TicketMail(
                recipients: MailRecipients(
                    addresses: [EmailAddress("team@example.com")!, EmailAddress("off@example.com")!, bob.email], listMembers: "agents",
                    exceptContact: ada.id, exceptAddress: ada.email),
                authorLanguage: (ada.email, "fi")
            ) { message, recipients in
                seen.record(recipients)
                return recipients.map { recipient in
                    OutboxMessage(
                        recipient: recipient.address, subject: "[#\(message.ticketID)] new", body: message.body, kind: .notification,
                        language: recipient.language, createdAt: message.createdAt, unsubscribeURL: "https://portal.example/unsubscribe?token=t",
                        threadID: "ticket-\(message.ticketID)")
                }
            }
            let ticket = try await repositories.tickets.openTicket(
                NewTicket(
                    subject: "Printer", body: "Broken", contact: ada, pipeline: "support", stage: TicketPipeline.support.initialStage, priority: nil,
                    category: nil, at: now, mail: mail))
            _ = try await repositories.tickets.appendMessage(
                NewTicketMessage(
                    ticketID: ticket.id, author: .contact(ada.id, name: ada.name), kind: .publicMessage, body: "Still", at: now, mail: mail))
            // The addresses, then the list's members (case-insensitive name), once each, without the author or
            // an address that unsubscribed, each with its language.
            let expected = [
                MailRecipient(address: EmailAddress("team@example.com")!, language: nil), MailRecipient(address: bob.email, language: "de"),
            ]
            #expect(seen.all == [expected, expected])
            let queued = try await repositories.outbox.messages(.pending, limit: 10).sorted { $0.id! < $1.id! }
            #expect(queued.map(\.recipient) == [expected[0].address, bob.email, expected[0].address, bob.email])
            #expect(queued.map(\.body) == ["Broken", "Broken", "Still", "Still"])
            #expect(queued.allSatisfy { $0.kind == .notification && $0.threadID == "ticket-\(ticket.id)" })
            #expect(queued.first?.unsubscribeURL == "https://portal.example/unsubscribe?token=t")
            #expect(try await repositories.mailPreferences.preference(of: ada.email).language == "fi")
            // The ticket's contacts, without the author's contact.
            try await repositories.tickets.addContact(grace.id, to: ticket.id)
            let answer = TicketMail(recipients: MailRecipients(ticketContacts: true, exceptContact: grace.id)) { message, recipients in
                seen.record(recipients)
                return []
            }
            _ = try await repositories.tickets.appendMessage(
                NewTicketMessage(
                    ticketID: ticket.id, author: .agent(grace.id, name: "Grace"), kind: .publicMessage, body: "Answer", at: now, mail: answer))
            #expect(seen.all.last == [MailRecipient(address: ada.email, language: "fi")])
            // A write that fails queues nothing.
            await #expect(throws: (any Error).self) {
                try await repositories.tickets.appendMessage(
                    NewTicketMessage(
                        ticketID: ticket.id + 1000, author: .contact(ada.id, name: ada.name), kind: .publicMessage, body: "x", at: now, mail: mail))
            }
            #expect(try await repositories.outbox.messages(.all, limit: 10).count == 4)
        }
    }
}

/// What `make` was given, call by call (a ticket write calls it once, inside its transaction).
private final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [[MailRecipient]] = []

    func record(_ recipients: [MailRecipient]) { lock.withLock { calls.append(recipients) } }
    var all: [[MailRecipient]] { lock.withLock { calls } }
}
