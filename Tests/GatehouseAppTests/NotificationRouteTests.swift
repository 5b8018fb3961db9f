import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import HTTPTypes
import HummingbirdTesting
import Mail
import Testing

/// Ticket notifications, in process: who gets which email when, in which language, never for notes,
/// queued with the message; and the signed one-click unsubscribe link that ends them.
@Suite struct NotificationRouteTests {
    /// A transport that takes every email and sends nothing (the worker is not what these tests are about).
    static let delivering = GatehouseConfiguration.Email(transport: .sendmail(["/bin/true"]), from: try! MailAddress("support@support.test"))
    static var agents: GatehouseConfiguration.Email {
        var email = delivering
        email.notifications = .init(agentsAddress: EmailAddress("team@support.test"))
        return email
    }

    static func notifications(_ gateway: TestGateway) async throws -> [OutboxMessage] {
        try await gateway.dependencies.outbox.messages(.all, limit: 100).filter { $0.kind == .notification }.reversed()
    }

    static func unsubscribePath(_ message: OutboxMessage) throws -> String {
        let url = try #require(message.unsubscribeURL)
        #expect(url.hasPrefix(TestGateway.baseURL + "/unsubscribe?token="))
        #expect(message.body.contains(url), "the text carries the same link as the header")
        return String(url.dropFirst(TestGateway.baseURL.count))
    }

    @Test(
        "An agent's public answer emails every contact on the ticket (not the agent), with the answer, the link and the unsubscribe link; a note emails nobody"
    )
    func agentAnswer() async throws {
        let gateway = try await TestGateway(email: Self.delivering)
        let ada = try await gateway.contact("ada@example.com", name: "Ada Lovelace")
        let grace = try await gateway.contact("grace@example.com", name: "Grace Hopper")
        let agent = try await AgentRouteTests.agent(gateway)
        let ticket = try await gateway.ticket("Printer on fire", by: ada)
        try await gateway.dependencies.ticketStore.addContact(grace.id, to: ticket.id)
        try await gateway.dependencies.ticketStore.addContact(agent.id, to: ticket.id)
        try await gateway.run { browser in
            try await gateway.signIn(browser, "agent@example.com")
            let note = try await browser.post("/agent/tickets/\(ticket.id)/messages", form: [("kind", "note"), ("body", "Internal: VIP")])
            #expect(note.status == .seeOther)
            #expect(try await Self.notifications(gateway).isEmpty, "an internal note emails nobody")
            let answer = try await browser.post(
                "/agent/tickets/\(ticket.id)/messages", form: [("kind", "public"), ("body", "Unplug it first.\nThen call us.")])
            #expect(answer.status == .seeOther)
        }
        let sent = try await Self.notifications(gateway)
        #expect(Set(sent.map(\.recipient.value)) == ["ada@example.com", "grace@example.com"])
        for message in sent {
            #expect(message.subject == "[#\(ticket.id)] Printer on fire")
            #expect(message.body.contains("Sam Support answered your ticket #\(ticket.id)"))
            #expect(message.body.contains("Unplug it first.\nThen call us."))
            #expect(!message.body.contains("VIP"))
            #expect(message.body.contains(TestGateway.baseURL + "/tickets/\(ticket.id)"))
            #expect(message.threadID == "ticket-\(ticket.id)" && message.language == "en")
            _ = try Self.unsubscribePath(message)
        }
    }

    @Test("Agents hear of a new ticket and of a customer's reply; a customer's emails come in the language they wrote in")
    func agentsAndLanguage() async throws {
        let gateway = try await TestGateway(email: Self.agents)
        try await gateway.contact("ada@example.com", name: "Ada Lovelace")
        try await AgentRouteTests.agent(gateway)
        try await gateway.run { browser in
            try await gateway.signIn(browser, "ada@example.com")
            let filed = try await browser.post(
                "/tickets", form: [("subject", "Kirjoitin\nei toimi"), ("body", "Apua!")], headers: [.acceptLanguage: "fi"])
            #expect(filed.status == .seeOther)
            let opened = try #require(try await Self.notifications(gateway).last)
            let id = try #require(filed.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            #expect(opened.recipient.value == "team@support.test")
            #expect(opened.subject == "[#\(id)] New ticket: Kirjoitin ei toimi", "the subject is one line")
            #expect(opened.body.contains("Ada Lovelace <ada@example.com> opened ticket #\(id)") && opened.body.contains("Apua!"))
            #expect(opened.body.contains(TestGateway.baseURL + "/agent/tickets/\(id)"))
            let reply = try await browser.post("/tickets/\(id)/messages", form: [("body", "Vielä rikki.")], headers: [.acceptLanguage: "fi"])
            #expect(reply.status == .seeOther)
            let replied = try #require(try await Self.notifications(gateway).last)
            #expect(replied.recipient.value == "team@support.test" && replied.subject.hasPrefix("[#\(id)] Reply from Ada Lovelace"))
            try await gateway.signIn(browser, "agent@example.com")
            _ = try await browser.post("/agent/tickets/\(id)/messages", form: [("kind", "public"), ("body", "Katsotaan.")])
            let answer = try #require(try await Self.notifications(gateway).last)
            #expect(answer.recipient.value == "ada@example.com" && answer.language == "fi")
            #expect(answer.body.contains("Sam Support vastasi tikettiisi #\(id)"))
        }
    }

    @Test(
        "The unsubscribe link: GET asks and changes nothing, the one-click POST (no cookie, no Origin) unsubscribes, the page's button subscribes again"
    )
    func unsubscribe() async throws {
        let gateway = try await TestGateway(email: Self.delivering)
        let ada = try await gateway.contact("ada@example.com")
        let agent = try await AgentRouteTests.agent(gateway)
        let ticket = try await gateway.ticket("Printer", by: ada)
        _ = try await gateway.dependencies.tickets.agentReply(
            to: ticket.id, body: "First answer", kind: .publicMessage, author: .agent(agent.id, name: agent.name))
        let path = try Self.unsubscribePath(try #require(try await Self.notifications(gateway).first))
        let preferences = gateway.dependencies.mailPreferences
        try await gateway.run { browser in
            let page = try await browser.get(path)
            #expect(page.status == .ok && page.text.contains("ada@example.com") && page.text.contains("value=\"unsubscribe\""))
            #expect(try await preferences.preference(of: ada.email).wantsNotifications, "opening the link changes nothing")
            let oneClick = try await browser.post(path, form: [("List-Unsubscribe", "One-Click")], csrf: false, origin: false)
            #expect(oneClick.status == .ok && oneClick.text.contains("value=\"subscribe\""))
            #expect(try await !preferences.preference(of: ada.email).wantsNotifications)
            _ = try await gateway.dependencies.tickets.agentReply(
                to: ticket.id, body: "Second answer", kind: .publicMessage, author: .agent(agent.id, name: agent.name))
            #expect(try await Self.notifications(gateway).count == 1, "no email to an address that unsubscribed")
            let again = try await browser.post(path, form: [("choice", "subscribe")], csrf: false, origin: false)
            #expect(again.status == .ok && again.text.contains("value=\"unsubscribe\""))
            #expect(try await preferences.preference(of: ada.email).wantsNotifications)
        }
    }

    @Test("A changed, cut or foreign unsubscribe token is refused with token.unsubscribe_invalid and changes nothing")
    func forgedTokens() async throws {
        let gateway = try await TestGateway(email: Self.delivering)
        let key = try await gateway.dependencies.mailPreferences.signingKey()
        let good = UnsubscribeToken(address: EmailAddress("ada@example.com")!, key: key).value
        let otherKey = UnsubscribeToken(address: EmailAddress("ada@example.com")!, key: Data(repeating: 7, count: 32)).value
        let mac = good.split(separator: ".")[1]
        let swapped = CompactJWT.base64URLEncode(Array("eve@example.com".utf8)) + "." + mac
        try await gateway.run { browser in
            for token in ["", "x", String(good.dropLast()), otherKey, swapped, good + "A", good.replacingOccurrences(of: ".", with: "..")] {
                for response in [
                    try await browser.get("/unsubscribe?token=\(token)"),
                    try await browser.post("/unsubscribe?token=\(token)", form: [("List-Unsubscribe", "One-Click")], csrf: false, origin: false),
                ] {
                    #expect(response.status == .badRequest && response.reasonCode == "token.unsubscribe_invalid", "\(token)")
                    #expect(!response.text.contains("eve@example.com"))
                }
            }
            #expect(try await browser.get("/unsubscribe").reasonCode == "token.unsubscribe_invalid")
        }
        #expect(
            try await gateway.dependencies.mailPreferences.preferences(of: [EmailAddress("eve@example.com")!, EmailAddress("ada@example.com")!])
                .isEmpty)
    }

    @Test("A notification and the message it tells of are stored together: a refused reply queues nothing")
    func atomic() async throws {
        let gateway = try await TestGateway(email: Self.agents)
        let ada = try await gateway.contact("ada@example.com")
        let ticket = try await gateway.ticket("Printer", by: ada)
        let before = try await Self.notifications(gateway).count
        let refused = try await gateway.dependencies.tickets.reply(to: ticket.id, body: " \n\t ", by: ada)
        guard case .failure = refused else {
            Issue.record("an empty reply was accepted")
            return
        }
        #expect(try await Self.notifications(gateway).count == before)
        await #expect(throws: (any Error).self) {
            try await gateway.dependencies.ticketStore.appendMessage(
                NewTicketMessage(
                    ticketID: 424_242, author: .contact(ada.id, name: "Ada"), kind: .publicMessage, body: "x", at: gateway.clock.now,
                    mail: TicketMail(recipients: MailRecipients(addresses: [EmailAddress("x@example.com")!])) { _, _ in
                        [OutboxMessage(recipient: EmailAddress("x@example.com")!, subject: "s", body: "b", createdAt: Date())]
                    }))
        }
        #expect(try await gateway.dependencies.outbox.messages(.all, limit: 100).allSatisfy { $0.recipient.value != "x@example.com" })
    }

    @Test(
        "With email.transport none nothing is queued for notifications (they would leave stale the day a transport is set); account emails still are")
    func noTransport() async throws {
        var email = GatehouseConfiguration.Email()
        email.notifications = .init(agentsAddress: EmailAddress("team@support.test"))
        let gateway = try await TestGateway(email: email)
        let ada = try await gateway.contact("ada@example.com")
        let agent = try await AgentRouteTests.agent(gateway)
        guard
            case .success(let ticket) = try await gateway.dependencies.tickets.fileTicket(
                subject: "Printer", body: "Broken", category: nil, priority: nil, by: ada)
        else {
            Issue.record("the ticket was refused")
            return
        }
        _ = try await gateway.dependencies.tickets.agentReply(
            to: ticket.id, body: "Answer", kind: .publicMessage, author: .agent(agent.id, name: agent.name))
        #expect(try await Self.notifications(gateway).isEmpty)
    }
}
