import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import HTTPTypes
import HummingbirdTesting
import Testing

/// The agent inbox, in process: who may enter, every contact's tickets, notes, replies, stages.
@Suite struct AgentRouteTests {
    static func agent(_ gateway: TestGateway, _ email: String = "agent@example.com") async throws -> Contact {
        let agent = try await gateway.contact(email, name: "Sam Support")
        try await gateway.dependencies.contacts.setAgent(agent.id, true)
        return agent
    }

    @Test("Customers get 403 access.agent_only on every agent page; agents and admins enter, and see the inbox link")
    func access() async throws {
        let gateway = try await TestGateway()
        let ada = try await gateway.contact("ada@example.com")
        try await Self.agent(gateway)
        try await gateway.contact("admin@example.com", admin: true)
        let ticket = try await gateway.ticket("Help", by: ada)
        try await gateway.run { browser in
            try await gateway.signIn(browser, "ada@example.com")
            for path in ["/agent/tickets", "/agent/tickets/\(ticket.id)"] {
                let response = try await browser.get(path)
                #expect(response.status == .forbidden && response.reasonCode == "access.agent_only", "\(path)")
            }
            let post = try await browser.post("/agent/tickets/\(ticket.id)/messages", form: [("kind", "note"), ("body", "sneaky")])
            #expect(post.status == .forbidden)
            let stage = try await browser.post("/agent/tickets/\(ticket.id)/stage", form: [("stage", "closed")])
            #expect(stage.status == .forbidden)
            #expect(try await gateway.dependencies.ticketStore.agentTicket(ticket.id)?.messages.count == 1)
            #expect(try await gateway.dependencies.ticketStore.agentTicket(ticket.id)?.ticket.status == .open)
            for email in ["agent@example.com", "admin@example.com"] {
                try await gateway.signIn(browser, email)
                let inbox = try await browser.get("/agent/tickets")
                #expect(inbox.status == .ok, "\(email)")
                #expect(inbox.text.contains("href=\"/agent/tickets/\(ticket.id)\""))
                #expect(try await browser.get("/tickets").text.contains("id=\"nav-agent-inbox\""))
            }
        }
    }

    @Test("Inbox: every contact's tickets with filters and search (notes included for agents); detail shows notes and contacts")
    func inbox() async throws {
        let gateway = try await TestGateway()
        let ada = try await gateway.contact("ada@example.com", name: "Ada Lovelace")
        let bob = try await gateway.contact("bob@example.com", name: "Bob Builder")
        let agent = try await Self.agent(gateway)
        let adas = try await gateway.ticket("Ada's printer", by: ada)
        let bobs = try await gateway.ticket("Bob's invoice", by: bob)
        try await gateway.message("VIP customer, be quick", on: adas, by: .agent(agent.id, name: agent.name), kind: .internalNote)
        try await gateway.dependencies.ticketStore.setStage(bobs.id, stage: .init(name: "closed", status: .closed), at: gateway.clock.now)
        try await gateway.run { browser in
            try await gateway.signIn(browser, "agent@example.com")
            #expect(TicketRouteTests.rowIDs(try await browser.get("/agent/tickets").text) == [String(bobs.id), String(adas.id)])
            #expect(TicketRouteTests.rowIDs(try await browser.get("/agent/tickets?status=open").text) == [String(adas.id)])
            #expect(TicketRouteTests.rowIDs(try await browser.get("/agent/tickets?q=invoice").text) == [String(bobs.id)])
            #expect(try await browser.get("/agent/tickets?status=bogus").status == .badRequest)
            let detail = try await browser.get("/agent/tickets/\(adas.id)")
            #expect(detail.text.contains("VIP customer, be quick") && detail.text.contains("Internal note"))
            #expect(detail.text.contains("Ada Lovelace &lt;ada@example.com&gt;"))
            #expect(detail.text.contains("<option value=\"waiting_on_us\">Waiting on us</option>"))
            #expect(try await browser.get("/agent/tickets/424242").status == .notFound)
        }
    }

    @Test("Agents see stage labels, translated, never stage codes: in the inbox, on the ticket and in the stage menu")
    func stageLabels() async throws {
        let gateway = try await TestGateway()
        let ada = try await gateway.contact("ada@example.com")
        try await Self.agent(gateway)
        let ticket = try await gateway.ticket("Printer", by: ada)
        try await gateway.dependencies.ticketStore.setStage(
            ticket.id, stage: .init(name: "waiting_on_contact", status: .open), at: gateway.clock.now)
        try await gateway.run { browser in
            try await gateway.signIn(browser, "agent@example.com")
            for (language, label) in [("en", "Waiting on contact"), ("fi", "Odottaa asiakasta"), ("de", "Wartet auf Kontakt")] {
                for path in ["/agent/tickets", "/agent/tickets/\(ticket.id)"] {
                    let page = try await browser.get(path, headers: [.acceptLanguage: language]).text
                    #expect(page.contains(">\(label)<"), "\(path) \(language)")
                    // The code only as a form value, never as text.
                    #expect(
                        !page.replacingOccurrences(of: "value=\"waiting_on_contact\"", with: "").contains("waiting_on_contact"), "\(path) \(language)"
                    )
                }
            }
        }
    }

    @Test("Agent replies: a public message reaches the customer, a note never does; stage changes; bad input re-renders")
    func replyAndStage() async throws {
        let gateway = try await TestGateway()
        let ada = try await gateway.contact("ada@example.com")
        try await Self.agent(gateway)
        let ticket = try await gateway.ticket("Broken", by: ada)
        try await gateway.run { browser in
            try await gateway.signIn(browser, "agent@example.com")
            _ = try await browser.get("/agent/tickets/\(ticket.id)")
            let note = try await browser.post("/agent/tickets/\(ticket.id)/messages", form: [("kind", "note"), ("body", "note-only-for-agents")])
            #expect(note.status == .seeOther && note.location?.contains("sent=1") == true)
            let reply = try await browser.post("/agent/tickets/\(ticket.id)/messages", form: [("kind", "public"), ("body", "We are on it.")])
            #expect(reply.status == .seeOther)
            let empty = try await browser.post("/agent/tickets/\(ticket.id)/messages", form: [("kind", "note"), ("body", "   ")])
            #expect(empty.status == .unprocessableContent && empty.text.contains("ticket.message_empty"))
            #expect(empty.text.contains("id=\"kind-note\" checked"), "the chosen kind is kept")
            let badKind = try await browser.post("/agent/tickets/\(ticket.id)/messages", form: [("kind", "secret"), ("body", "x")])
            #expect(badKind.status == .badRequest)
            let badStage = try await browser.post("/agent/tickets/\(ticket.id)/stage", form: [("stage", "nirvana")])
            #expect(badStage.status == .unprocessableContent && badStage.text.contains("ticket.stage_invalid"))
            let moved = try await browser.post("/agent/tickets/\(ticket.id)/stage", form: [("stage", "closed")])
            #expect(moved.status == .seeOther)
            #expect(try await browser.get(moved.location!).text.contains("The ticket was moved."))

            try await gateway.signIn(browser, "ada@example.com")
            let page = try await browser.get("/tickets/\(ticket.id)")
            #expect(page.text.contains("We are on it.") && !page.text.contains("note-only-for-agents"))
            #expect(page.text.contains("id=\"ticket-status\">Closed<"))
        }
    }
}
