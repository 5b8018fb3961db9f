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
            let mail = TicketMail(authorLanguage: (ada.email, "fi")) { message in
                [
                    OutboxMessage(
                        recipient: EmailAddress("team@example.com")!, subject: "[#\(message.ticketID)] new", body: message.body, kind: .notification,
                        language: "en", createdAt: message.createdAt, unsubscribeURL: "https://portal.example/unsubscribe?token=t",
                        threadID: "ticket-\(message.ticketID)")
                ]
            }
            let ticket = try await repositories.tickets.openTicket(
                NewTicket(
                    subject: "Printer", body: "Broken", contact: ada, pipeline: "support", stage: TicketPipeline.support.initialStage, priority: nil,
                    category: nil, at: now, mail: mail))
            _ = try await repositories.tickets.appendMessage(
                NewTicketMessage(
                    ticketID: ticket.id, author: .contact(ada.id, name: ada.name), kind: .publicMessage, body: "Still", at: now, mail: mail))
            let queued = try await repositories.outbox.messages(.pending, limit: 10).sorted { $0.id! < $1.id! }
            #expect(queued.map(\.subject) == ["[#\(ticket.id)] new", "[#\(ticket.id)] new"])
            #expect(queued.map(\.body) == ["Broken", "Still"])
            #expect(queued.allSatisfy { $0.kind == .notification && $0.threadID == "ticket-\(ticket.id)" })
            #expect(queued.first?.unsubscribeURL == "https://portal.example/unsubscribe?token=t")
            #expect(try await repositories.mailPreferences.preference(of: ada.email).language == "fi")
            // A write that fails queues nothing.
            await #expect(throws: (any Error).self) {
                try await repositories.tickets.appendMessage(
                    NewTicketMessage(
                        ticketID: ticket.id + 1000, author: .contact(ada.id, name: ada.name), kind: .publicMessage, body: "x", at: now, mail: mail))
            }
            #expect(try await repositories.outbox.messages(.all, limit: 10).count == 2)
        }
    }
}
