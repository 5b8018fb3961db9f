import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import HTTPTypes
import HummingbirdTesting
import Testing

/// The customer's ticket pages, in process: list, filters, search scoping, detail, reply, the form.
@Suite struct TicketRouteTests {
    /// Ada with two tickets (one closed, one with an agent answer and an internal note), Bob with one.
    struct World {
        let gateway: TestGateway
        let ada: Contact
        let bob: Contact
        let printer: Ticket
        let invoice: Ticket
        let bobs: Ticket
    }

    static func world(_ gateway: TestGateway) async throws -> World {
        let ada = try await gateway.contact("ada@example.com", name: "Ada Lovelace")
        let bob = try await gateway.contact("bob@example.com", name: "Bob Builder")
        let printer = try await gateway.ticket("Printer prints blank pages", by: ada, body: "The printer on floor 3 is broken.")
        try await gateway.message("Which model is it?", on: printer, by: .agent(nil, name: "Sam Support"))
        try await gateway.message("Customer is a VIP; secret-note-4711", on: printer, by: .agent(nil, name: "Sam Support"), kind: .internalNote)
        let invoice = try await gateway.ticket("Invoice shows wrong VAT", by: ada, body: "Invoice 114 has 24 % instead of 25.5 %.")
        try await gateway.dependencies.ticketStore.setStage(invoice.id, stage: .init(name: "closed", status: .closed), at: gateway.clock.now)
        gateway.clock.advance(by: 1)
        let bobs = try await gateway.ticket("Bob's printer is on fire", by: bob, body: "printer smoke everywhere")
        return World(gateway: gateway, ada: ada, bob: bob, printer: printer, invoice: invoice, bobs: bobs)
    }

    static func rowIDs(_ html: String) -> [String] {
        html.components(separatedBy: "<tr class=\"ticket\" data-id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("Signed out: every ticket page redirects to the sign-in page and comes back")
    func signedOut() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            for path in ["/tickets", "/tickets/1", "/tickets/new", "/agent/tickets"] {
                let response = try await browser.get(path)
                #expect(response.status == .seeOther)
                #expect(response.location?.hasPrefix("/login?return_to=") == true, "\(path)")
            }
            let post = try await browser.post("/tickets", form: [("subject", "x"), ("body", "y")])
            #expect(post.status == .forbidden && post.reasonCode == "csrf.token_mismatch", "no form was ever served to this browser")
            _ = try await browser.get("/login")
            let withToken = try await browser.post("/tickets", form: [("subject", "x"), ("body", "y")])
            #expect(withToken.status == .seeOther && withToken.location?.hasPrefix("/login?return_to=") == true)
            #expect(try await gateway.dependencies.ticketStore.agentTickets(query: TicketQuery()).total == 0)
        }
    }

    @Test("GET /tickets: the contact's own tickets only, newest activity first, with the header and columns")
    func list() async throws {
        let world = try await Self.world(try await TestGateway(knowledgeBaseURL: "https://kb.example.com/help"))
        try await world.gateway.run { browser in
            try await world.gateway.signIn(browser, "ada@example.com")
            let page = try await browser.get("/tickets")
            #expect(page.status == .ok)
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(Self.rowIDs(page.text) == [String(world.invoice.id), String(world.printer.id)])
            #expect(!page.text.contains("on fire"))
            for text in ["ID", "Subject", "Created", "Last activity", "Status", ">Open<", ">Closed<"] { #expect(page.text.contains(text), "\(text)") }
            for link in [
                "href=\"/tickets\"", "href=\"/tickets/new\"", "href=\"https://kb.example.com/help\"", "action=\"/logout\"", "id=\"lang-fi\"",
            ] {
                #expect(page.text.contains(link), "\(link)")
            }
            #expect(page.text.contains("src=\"/static/logo.svg\"") && page.text.contains("Test Support"))
            #expect(!page.text.contains("nav-agent-inbox"))
        }
    }

    @Test("Filters, sort, pagination and the empty states")
    func filters() async throws {
        let world = try await Self.world(try await TestGateway())
        try await world.gateway.run { browser in
            try await world.gateway.signIn(browser, "ada@example.com")
            #expect(Self.rowIDs(try await browser.get("/tickets?status=open").text) == [String(world.printer.id)])
            #expect(Self.rowIDs(try await browser.get("/tickets?status=closed").text) == [String(world.invoice.id)])
            #expect(Self.rowIDs(try await browser.get("/tickets?sort=created").text) == [String(world.invoice.id), String(world.printer.id)])
            let none = try await browser.get("/tickets?q=zebra")
            #expect(Self.rowIDs(none.text).isEmpty && none.text.contains("No tickets match your search or filter."))
            for bad in ["status=pending", "sort=subject", "page=0", "page=abc", "page=99999999"] {
                let response = try await browser.get("/tickets?" + bad)
                #expect(response.status == .badRequest, "\(bad)")
                #expect(response.reasonCode == "request.invalid")
            }
            for index in 0..<30 { try await world.gateway.ticket("Bulk \(index)", by: world.ada) }
            let first = try await browser.get("/tickets?status=open")
            #expect(Self.rowIDs(first.text).count == 25)
            #expect(first.text.contains("Page 1 of 2") && first.text.contains("href=\"/tickets?status=open&amp;page=2\""))
            let second = try await browser.get("/tickets?status=open&page=2")
            #expect(Self.rowIDs(second.text).count == 6 && second.text.contains("rel=\"prev\""))
            #expect(Self.rowIDs(try await browser.get("/tickets?page=9").text).isEmpty)
        }
        let empty = try await TestGateway()
        try await empty.contact("new@example.com")
        try await empty.run { browser in
            try await empty.signIn(browser, "new@example.com")
            #expect(try await browser.get("/tickets").text.contains("You have no tickets yet."))
        }
    }

    @Test("Search finds subjects and public messages of the contact's tickets only, never notes or other contacts' tickets")
    func searchScoping() async throws {
        let world = try await Self.world(try await TestGateway())
        try await world.gateway.run { browser in
            try await world.gateway.signIn(browser, "ada@example.com")
            #expect(Self.rowIDs(try await browser.get("/tickets?q=printer").text) == [String(world.printer.id)])
            #expect(
                Self.rowIDs(try await browser.get("/tickets?q=model").text) == [String(world.printer.id)], "an agent's public answer is searchable")
            #expect(Self.rowIDs(try await browser.get("/tickets?q=secret-note-4711").text).isEmpty, "internal notes are not searchable")
            #expect(Self.rowIDs(try await browser.get("/tickets?q=VIP").text).isEmpty)
            #expect(Self.rowIDs(try await browser.get("/tickets?q=smoke").text).isEmpty, "Bob's ticket is not Ada's")
            #expect(Self.rowIDs(try await browser.get("/tickets?q=%22printer%22%20OR%20smoke").text) == [], "FTS syntax is not interpreted")
            let hostile = try await browser.get("/tickets?q=%22%29%28*%20NEAR%20subject%3A")
            #expect(hostile.status == .ok)
            let echoed = try await browser.get("/tickets?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(echoed.status == .ok && !echoed.text.contains("<script>alert(1)"))
            // A quote with a combining mark must not close the search box's value attribute.
            let combining = try await browser.get("/tickets?q=x%22%CC%81%20autofocus%20onfocus%3Dalert(1)%20x%3D%22")
            #expect(combining.text.contains("value=\"x&quot;\u{301} autofocus onfocus=alert(1) x=&quot;\""))
            try await world.gateway.signIn(browser, "bob@example.com")
            #expect(Self.rowIDs(try await browser.get("/tickets?q=printer").text) == [String(world.bobs.id)])
        }
    }

    @Test("GET /tickets/{id}: the conversation oldest first, public messages only; another contact's ticket is a 404 like a missing one")
    func detail() async throws {
        let world = try await Self.world(try await TestGateway())
        try await world.gateway.run { browser in
            try await world.gateway.signIn(browser, "ada@example.com")
            let page = try await browser.get("/tickets/\(world.printer.id)")
            #expect(page.status == .ok)
            let text = page.text
            #expect(text.contains("Printer prints blank pages") && text.contains("Sam Support") && text.contains("Support team"))
            let first = try #require(text.range(of: "The printer on floor 3 is broken."))
            let second = try #require(text.range(of: "Which model is it?"))
            #expect(first.lowerBound < second.lowerBound)
            #expect(!text.contains("secret-note-4711") && !text.contains("VIP") && !text.contains("Internal note"))
            #expect(text.contains("name=\"csrf_token\"") && text.contains("maxlength=\"10000\""))
            let foreign = try await browser.get("/tickets/\(world.bobs.id)")
            let missing = try await browser.get("/tickets/999999")
            #expect(foreign.status == .notFound && missing.status == .notFound)
            #expect(foreign.reasonCode == "ticket.not_found" && missing.reasonCode == "ticket.not_found")
            #expect(!foreign.text.contains("on fire"))
            // Still signed in on the refusal page: the header keeps the navigation and sign-out.
            #expect(foreign.text.contains("id=\"nav-tickets\"") && foreign.text.contains("action=\"/logout\""))
            #expect(foreign.text.contains("Back to tickets") && !foreign.text.contains("Back to sign in"))
            // Same page apart from the request id and the address itself: nothing tells the two apart.
            let strip: (String, String) -> String = { text, id in
                text.replacingOccurrences(of: #"<code class="request-id">[^<]*</code>"#, with: "", options: .regularExpression)
                    .replacingOccurrences(of: "%2Ftickets%2F" + id, with: "")
            }
            #expect(strip(foreign.text, String(world.bobs.id)) == strip(missing.text, "999999"))
            for bad in ["0", "-1", "abc", "1e3", "99999999999999999999999", "%31"] {
                #expect(try await browser.get("/tickets/\(bad)").status == .notFound, "\(bad)")
            }
        }
    }

    @Test("Reply: appears last, updates last activity, shows in the agent inbox; whitespace-only or too long is refused with the text kept")
    func reply() async throws {
        let world = try await Self.world(try await TestGateway())
        try await world.gateway.contact("agent@example.com", name: "Sam Support")
        try await world.gateway.dependencies.contacts.setAgent(
            try #require(try await world.gateway.dependencies.contacts.contact(email: EmailAddress("agent@example.com")!)).id, true)
        try await world.gateway.run { browser in
            try await world.gateway.signIn(browser, "ada@example.com")
            _ = try await browser.get("/tickets/\(world.printer.id)")
            let empty = try await browser.post("/tickets/\(world.printer.id)/messages", form: [("body", " \n\t ")])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.text.contains("ticket.message_empty") && empty.text.contains("Write a message"))
            let long = String(repeating: "ä", count: TicketSettings.bodyMaximum + 1)
            let tooLong = try await browser.post("/tickets/\(world.printer.id)/messages", form: [("body", long)])
            #expect(tooLong.status == .unprocessableContent && tooLong.text.contains("ticket.message_too_long"))
            #expect(tooLong.text.contains(String(repeating: "ä", count: 100)), "the typed text is kept")
            world.gateway.clock.advance(by: 600)
            let sent = try await browser.post("/tickets/\(world.printer.id)/messages", form: [("body", "It is a LaserJet 4.\r\nThanks!")])
            #expect(sent.status == .seeOther)
            #expect(sent.location?.hasPrefix("/tickets/\(world.printer.id)?sent=1#message-") == true)
            let page = try await browser.get(sent.location!)
            #expect(page.text.contains("Your message was sent."))
            let last = try #require(page.text.components(separatedBy: "<li class=\"message").last)
            #expect(last.contains("It is a LaserJet 4.\nThanks!"))
            #expect(Self.rowIDs(try await browser.get("/tickets").text).first == String(world.printer.id), "last activity moved the ticket up")
            let foreign = try await browser.post("/tickets/\(world.bobs.id)/messages", form: [("body", "hijack")])
            #expect(foreign.status == .notFound)
            let bobsTicket = try #require(try await world.gateway.dependencies.ticketStore.agentTicket(world.bobs.id))
            #expect(!bobsTicket.messages.contains { $0.body == "hijack" })
            let noCSRF = try await browser.post("/tickets/\(world.printer.id)/messages", form: [("body", "x"), ("csrf_token", "forged")])
            #expect(noCSRF.status == .forbidden && noCSRF.reasonCode == "csrf.token_mismatch")
            let crossSite = try await browser.post(
                "/tickets/\(world.printer.id)/messages", form: [("body", "x")], headers: [.origin: "https://evil.example"])
            #expect(crossSite.status == .forbidden && crossSite.reasonCode == "csrf.origin_mismatch")
            let huge = try await browser.post("/tickets/\(world.printer.id)/messages", form: [("body", String(repeating: "x", count: 200_000))])
            #expect(huge.status == .contentTooLarge)

            try await world.gateway.signIn(browser, "agent@example.com")
            let inbox = try await browser.get("/agent/tickets")
            #expect(Self.rowIDs(inbox.text).first == String(world.printer.id))
            #expect(try await browser.get("/agent/tickets/\(world.printer.id)").text.contains("It is a LaserJet 4."))
        }
    }

    @Test("A reply on a closed ticket reopens it only when configured")
    func reopen() async throws {
        for reopens in [true, false] {
            let world = try await Self.world(try await TestGateway(tickets: TicketSettings(reopenOnCustomerReply: reopens)))
            try await world.gateway.run { browser in
                try await world.gateway.signIn(browser, "ada@example.com")
                let before = try await browser.get("/tickets/\(world.invoice.id)")
                #expect(before.text.contains(reopens ? "Replying reopens this closed ticket." : "A reply does not reopen it"))
                _ = try await browser.post("/tickets/\(world.invoice.id)/messages", form: [("body", "Still wrong")])
                let ticket = try #require(try await world.gateway.dependencies.ticketStore.agentTicket(world.invoice.id)).ticket
                #expect(ticket.status == (reopens ? .open : .closed))
                #expect(ticket.stage == (reopens ? "new" : "closed"))
            }
        }
    }

    @Test("File a ticket: validation re-renders the form with every message; success opens the ticket, listed at once")
    func fileTicket() async throws {
        let settings = TicketSettings(categories: ["Billing", "Technical"], askPriority: true)
        let world = try await Self.world(try await TestGateway(tickets: settings))
        try await world.gateway.run { browser in
            try await world.gateway.signIn(browser, "ada@example.com")
            let form = try await browser.get("/tickets/new")
            #expect(form.status == .ok)
            for field in ["name=\"subject\"", "name=\"body\"", "<option value=\"Billing\">", "<option value=\"urgent\">", "maxlength=\"200\""] {
                #expect(form.text.contains(field), "\(field)")
            }
            let invalid = try await browser.post(
                "/tickets", form: [("subject", "   "), ("body", "  "), ("category", "Hacking"), ("priority", "p0")])
            #expect(invalid.status == .unprocessableContent)
            for code in ["ticket.subject_missing", "ticket.message_empty", "ticket.category_invalid", "ticket.priority_invalid"] {
                #expect(invalid.text.contains(code), "\(code)")
            }
            let kept = try await browser.post("/tickets", form: [("subject", ""), ("body", "My <b>detailed</b> text")])
            #expect(kept.text.contains("My &lt;b&gt;detailed&lt;/b&gt; text") && !kept.text.contains("<b>detailed"))
            let longSubject = try await browser.post("/tickets", form: [("subject", String(repeating: "s", count: 201)), ("body", "x")])
            #expect(longSubject.text.contains("ticket.subject_too_long"))
            let filed = try await browser.post(
                "/tickets",
                form: [("subject", "  Cannot export CSV  "), ("body", "Export times out."), ("category", "Technical"), ("priority", "high")])
            #expect(filed.status == .seeOther)
            let location = try #require(filed.location)
            #expect(location.hasPrefix("/tickets/") && location.hasSuffix("?filed=1"))
            let page = try await browser.get(location)
            #expect(page.text.contains("Your ticket was filed.") && page.text.contains(">Cannot export CSV<"))
            #expect(page.text.contains("Technical") && page.text.contains("High"))
            let id = String(location.dropFirst("/tickets/".count).prefix { $0 != "?" })
            #expect(Self.rowIDs(try await browser.get("/tickets").text).first == id)
            let stored = try #require(try await world.gateway.dependencies.ticketStore.agentTicket(Int64(id)!))
            #expect(stored.contacts == [world.ada.id] && stored.ticket.status == .open && stored.ticket.stage == "new")
        }
    }

    @Test("The admin's portal filter hides tickets exactly like missing ones")
    func portalFilter() async throws {
        var settings = TicketSettings()
        settings.pipelines.append(TicketPipeline(name: "internal", stages: [.init(name: "todo", status: .open)]))
        settings.portalFilter = PortalTicketFilter(pipelines: ["support"], priorities: [.high, .urgent])
        let gateway = try await TestGateway(tickets: settings)
        let ada = try await gateway.contact("ada@example.com")
        let shown = try await gateway.ticket("Shown", by: ada, priority: .high)
        let lowPriority = try await gateway.ticket("Low priority", by: ada, priority: .low)
        let noPriority = try await gateway.ticket("No priority", by: ada)
        let otherPipeline = try await gateway.ticket("Other pipeline", by: ada, priority: .urgent, pipeline: "internal", stage: "todo")
        try await gateway.run { browser in
            try await gateway.signIn(browser, "ada@example.com")
            #expect(Self.rowIDs(try await browser.get("/tickets").text) == [String(shown.id)])
            #expect(Self.rowIDs(try await browser.get("/tickets?q=priority").text).isEmpty)
            for hidden in [lowPriority, noPriority, otherPipeline] {
                let response = try await browser.get("/tickets/\(hidden.id)")
                #expect(response.status == .notFound && response.reasonCode == "ticket.not_found")
                #expect(try await browser.post("/tickets/\(hidden.id)/messages", form: [("body", "x")]).status == .notFound)
            }
        }
    }
}
