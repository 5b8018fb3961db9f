import Foundation
import GRDB
import GatehouseCore
import GatehouseStore
import Testing

@Suite struct TicketRepositoryTests {
    static let now = Date(timeIntervalSince1970: 1_893_456_000)
    static let agent = TicketMessage.Author.agent(nil, name: "Helpdesk API")
    static let support = TicketPipeline.support

    /// A migrated temporary database with three contacts: Ada, Grace and Mallory.
    struct Fixture {
        let database: AppDatabase
        let tickets: SQLiteTicketRepository
        let ada: Contact
        let grace: Contact
        let mallory: Contact

        init() async throws {
            database = try AppDatabase.temporary()
            tickets = SQLiteTicketRepository(database)
            let contacts = SQLiteContactRepository(database)
            ada = try await contacts.createContact(email: .init("ada@example.com")!, name: "Ada", verified: true, isPortalAdmin: false, at: now)
            grace = try await contacts.createContact(email: .init("grace@example.com")!, name: "Grace", verified: true, isPortalAdmin: false, at: now)
            mallory = try await contacts.createContact(
                email: .init("mallory@example.com")!, name: "Mallory", verified: true, isPortalAdmin: false, at: now)
        }

        @discardableResult
        func open(
            _ subject: String, body: String = "Please help.", by contact: Contact, pipeline: String = "support",
            stage: TicketPipeline.Stage = support.initialStage, priority: TicketPriority? = nil, at date: Date = now
        ) async throws -> Ticket {
            try await tickets.openTicket(
                NewTicket(
                    subject: subject, body: body, contact: contact, pipeline: pipeline, stage: stage, priority: priority, category: nil, at: date))
        }

        @discardableResult
        func append(
            _ body: String, to ticket: Ticket, by author: TicketMessage.Author = agent, kind: TicketMessage.Kind = .publicMessage,
            newStage: TicketPipeline.Stage? = nil, at date: Date = now
        ) async throws -> TicketMessage {
            try await tickets.appendMessage(
                NewTicketMessage(ticketID: ticket.id, author: author, kind: kind, body: body, newStage: newStage, at: date))
        }

        func visibility(_ contact: Contact, _ filter: PortalTicketFilter = .none) -> TicketVisibility {
            TicketVisibility(contactID: contact.id, filter: filter)
        }

        /// Ids of the contact's tickets for `query`.
        func list(_ contact: Contact, _ query: TicketQuery = TicketQuery(), filter: PortalTicketFilter = .none) async throws -> [Ticket.ID] {
            try await tickets.customerTickets(visibility(contact, filter), query: query).tickets.map(\.id)
        }

        /// Ids of the contact's tickets whose subject or public messages contain `text`.
        func search(_ contact: Contact, _ text: String) async throws -> [Ticket.ID] {
            try await list(contact, TicketQuery(search: TicketSearchTerms(text)))
        }
    }

    static func stage(_ name: String) -> TicketPipeline.Stage {
        support.stage(named: name)!
    }

    // MARK: Writing

    @Test("Opening a ticket stores it, its first public message and its contact")
    func openTicket() async throws {
        let fixture = try await Fixture()
        let ticket = try await fixture.tickets.openTicket(
            NewTicket(
                subject: "Printer on fire", body: "It smokes.", contact: fixture.ada, pipeline: "support", stage: Self.support.initialStage,
                priority: .high, category: "Hardware", at: Self.now))
        #expect(
            ticket
                == Ticket(
                    id: ticket.id, subject: "Printer on fire", pipeline: "support", stage: "new", status: .open, priority: .high,
                    category: "Hardware",
                    createdAt: Self.now, lastActivityAt: Self.now))
        let conversation = try #require(try await fixture.tickets.agentTicket(ticket.id))
        #expect(conversation.ticket == ticket)
        #expect(conversation.contacts == [fixture.ada.id])
        #expect(conversation.messages.map(\.body) == ["It smokes."])
        #expect(conversation.messages.first?.author == .contact(fixture.ada.id, name: "Ada"))
        #expect(conversation.messages.first?.kind == .publicMessage)
        #expect(try await fixture.tickets.agentTicket(ticket.id + 1) == nil)
    }

    @Test("Appending a message updates last activity and, when given, stage and status, in one go")
    func appendMessage() async throws {
        let fixture = try await Fixture()
        let ticket = try await fixture.open("Printer on fire", by: fixture.ada, stage: Self.stage("closed"))
        let later = Self.now.addingTimeInterval(600)
        let message = try await fixture.append(
            "Still burning", to: ticket, by: .contact(fixture.ada.id, name: "Ada"), newStage: Self.support.reopenStage, at: later)
        #expect(message.ticketID == ticket.id)
        #expect(message.body == "Still burning")
        #expect(message.author == .contact(fixture.ada.id, name: "Ada"))
        #expect(message.createdAt == later)
        let stored = try #require(try await fixture.tickets.agentTicket(ticket.id))
        #expect(stored.ticket.stage == "new")
        #expect(stored.ticket.status == .open)
        #expect(stored.ticket.lastActivityAt == later)
        #expect(stored.ticket.createdAt == Self.now)
        #expect(stored.messages.last == message)
        let note = try await fixture.append("internal", to: ticket, by: .agent(fixture.grace.id, name: "Grace"), kind: .internalNote, at: later + 60)
        let afterNote = try #require(try await fixture.tickets.agentTicket(ticket.id))
        #expect(afterNote.ticket.stage == "new")
        #expect(afterNote.messages.last == note)
        #expect(note.author == .agent(fixture.grace.id, name: "Grace"))
    }

    @Test("Appending to a missing ticket is StoreError.notFound and stores nothing")
    func appendToMissingTicket() async throws {
        let fixture = try await Fixture()
        await #expect(throws: StoreError.notFound("ticket 42")) {
            try await fixture.tickets.appendMessage(NewTicketMessage(ticketID: 42, author: Self.agent, kind: .publicMessage, body: "x", at: Self.now))
        }
        let count = try await fixture.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message") }
        #expect(count == 0)
    }

    @Test("setStage moves a ticket within its pipeline; a missing ticket is StoreError.notFound")
    func setStage() async throws {
        let fixture = try await Fixture()
        let ticket = try await fixture.open("Printer on fire", by: fixture.ada)
        let later = Self.now.addingTimeInterval(60)
        try await fixture.tickets.setStage(ticket.id, stage: Self.stage("closed"), at: later)
        let stored = try #require(try await fixture.tickets.agentTicket(ticket.id)?.ticket)
        #expect(stored.stage == "closed")
        #expect(stored.status == .closed)
        #expect(stored.lastActivityAt == later)
        await #expect(throws: StoreError.notFound("ticket 999")) {
            try await fixture.tickets.setStage(999, stage: Self.stage("closed"), at: later)
        }
    }

    // MARK: What a contact sees

    @Test("A contact's list holds exactly the tickets associated with them")
    func customerListScoped() async throws {
        let fixture = try await Fixture()
        let first = try await fixture.open("Ada 1", by: fixture.ada, at: Self.now)
        let second = try await fixture.open("Ada 2", by: fixture.ada, at: Self.now + 1)
        let graces = try await fixture.open("Grace 1", by: fixture.grace, at: Self.now + 2)
        #expect(try await fixture.list(fixture.ada) == [second.id, first.id])
        #expect(try await fixture.list(fixture.grace) == [graces.id])
        #expect(try await fixture.list(fixture.mallory) == [])
        try await fixture.tickets.addContact(fixture.grace.id, to: first.id)
        try await fixture.tickets.addContact(fixture.grace.id, to: first.id)
        #expect(try await fixture.list(fixture.grace) == [graces.id, first.id])
        #expect(try await fixture.tickets.customerTickets(fixture.visibility(fixture.grace), query: TicketQuery()).total == 2)
        #expect(try await fixture.list(fixture.ada) == [second.id, first.id])
    }

    @Test("Another contact's ticket reads as nil, like a missing one")
    func foreignTicket() async throws {
        let fixture = try await Fixture()
        let ticket = try await fixture.open("Ada's", by: fixture.ada)
        #expect(try await fixture.tickets.customerTicket(ticket.id, visibility: fixture.visibility(fixture.mallory)) == nil)
        #expect(try await fixture.tickets.customerTicket(ticket.id + 1, visibility: fixture.visibility(fixture.ada)) == nil)
        #expect(try await fixture.tickets.customerTicket(ticket.id, visibility: fixture.visibility(fixture.ada)) != nil)
    }

    @Test("A contact reads every public message (own, other contacts', agents') and never an internal note")
    func customerTicketMessages() async throws {
        let fixture = try await Fixture()
        let ticket = try await fixture.open("Printer on fire", body: "It smokes.", by: fixture.ada)
        try await fixture.tickets.addContact(fixture.grace.id, to: ticket.id)
        try await fixture.append("Ours too", to: ticket, by: .contact(fixture.grace.id, name: "Grace"))
        try await fixture.append("Customer is on the zebra plan", to: ticket, kind: .internalNote)
        try await fixture.append("Technician is on the way", to: ticket)
        try await fixture.append("Second note", to: ticket, by: .agent(fixture.mallory.id, name: "Mallory"), kind: .internalNote)
        for reader in [fixture.ada, fixture.grace] {
            let conversation = try #require(try await fixture.tickets.customerTicket(ticket.id, visibility: fixture.visibility(reader)))
            #expect(conversation.messages.map(\.body) == ["It smokes.", "Ours too", "Technician is on the way"])
            #expect(conversation.messages.allSatisfy { $0.kind == .publicMessage })
            #expect(conversation.contacts == [fixture.ada.id, fixture.grace.id])
        }
        let agentView = try #require(try await fixture.tickets.agentTicket(ticket.id))
        #expect(agentView.messages.count == 5)
        #expect(agentView.messages.filter { $0.kind == .internalNote }.map(\.body) == ["Customer is on the zebra plan", "Second note"])
    }

    @Test("The portal filter hides a contact's own ticket from the list and the ticket page")
    func portalFilterOnOwnTicket() async throws {
        let fixture = try await Fixture()
        let billing = try await fixture.open("Invoice", by: fixture.ada, pipeline: "billing", priority: .high, at: Self.now)
        let support = try await fixture.open("Printer", by: fixture.ada, priority: nil, at: Self.now + 10)
        let onlySupport = PortalTicketFilter(pipelines: ["support"])
        #expect(try await fixture.list(fixture.ada, filter: onlySupport) == [support.id])
        #expect(try await fixture.tickets.customerTicket(billing.id, visibility: fixture.visibility(fixture.ada, onlySupport)) == nil)
        let onlyHigh = PortalTicketFilter(priorities: [.high])
        #expect(try await fixture.list(fixture.ada, filter: onlyHigh) == [billing.id])
        #expect(try await fixture.tickets.customerTicket(support.id, visibility: fixture.visibility(fixture.ada, onlyHigh)) == nil)
        let strictlyAfter = PortalTicketFilter(createdAfter: Self.now)
        #expect(try await fixture.list(fixture.ada, filter: strictlyAfter) == [support.id])
        #expect(try await fixture.tickets.customerTicket(billing.id, visibility: fixture.visibility(fixture.ada, strictlyAfter)) == nil)
        #expect(try await fixture.tickets.customerTicket(support.id, visibility: fixture.visibility(fixture.ada, strictlyAfter)) != nil)
    }

    // MARK: Search

    @Test("Search finds only the contact's tickets, by subject, first message or later public replies")
    func searchScoped() async throws {
        let fixture = try await Fixture()
        let adas = try await fixture.open("Printer on fire", body: "It smokes.", by: fixture.ada)
        let graces = try await fixture.open("Printer jammed", body: "Paper everywhere.", by: fixture.grace)
        try await fixture.append("Have you tried the giraffe reset?", to: adas)
        #expect(try await fixture.search(fixture.ada, "printer") == [adas.id])
        #expect(try await fixture.search(fixture.grace, "printer") == [graces.id])
        #expect(try await fixture.search(fixture.mallory, "printer") == [])
        #expect(try await fixture.search(fixture.ada, "paper") == [])
        #expect(try await fixture.search(fixture.ada, "smokes") == [adas.id])
        #expect(try await fixture.search(fixture.ada, "GIRAFFE") == [adas.id])
        #expect(try await fixture.search(fixture.ada, "print smo") == [adas.id])
        #expect(try await fixture.search(fixture.ada, "printer paper") == [])
        let page = try await fixture.tickets.customerTickets(
            fixture.visibility(fixture.ada), query: TicketQuery(search: TicketSearchTerms("printer")))
        #expect(page.total == 1)
    }

    @Test("Internal notes are never searchable, by the contact or by agents")
    func notesNotSearchable() async throws {
        let fixture = try await Fixture()
        let ticket = try await fixture.open("Printer on fire", by: fixture.ada)
        try await fixture.append("Customer is on the zebra plan", to: ticket, kind: .internalNote)
        #expect(try await fixture.search(fixture.ada, "zebra") == [])
        #expect(try await fixture.tickets.agentTickets(query: TicketQuery(search: TicketSearchTerms("zebra"))).total == 0)
        #expect(try await fixture.tickets.agentTickets(query: TicketQuery(search: TicketSearchTerms("printer"))).total == 1)
    }

    @Test("Search ignores diacritics, in the text and in the query")
    func searchDiacritics() async throws {
        let fixture = try await Fixture()
        let cafe = try await fixture.open("Café crème", body: "Le réseau est en panne", by: fixture.ada)
        let creme = try await fixture.open("Creme brulee", by: fixture.ada, at: Self.now - 60)
        #expect(try await fixture.search(fixture.ada, "cafe") == [cafe.id])
        #expect(try await fixture.search(fixture.ada, "CAFÉ") == [cafe.id])
        #expect(try await fixture.search(fixture.ada, "reseau") == [cafe.id])
        #expect(try await fixture.search(fixture.ada, "crème") == [cafe.id, creme.id])
        #expect(try await fixture.search(fixture.ada, "brûlée") == [creme.id])
    }

    @Test("FTS5 syntax typed into the search box neither fails nor widens the search")
    func searchSyntaxNeutralised() async throws {
        let fixture = try await Fixture()
        let adas = try await fixture.open("Printer on fire", body: "toner", by: fixture.ada)
        try await fixture.open("Printer jammed", body: "secret toner", by: fixture.grace)
        for input in [
            #"printer" OR "secret"#, "printer OR secret", "NEAR(printer secret)", "subject:secret", "{subject body}:secret", "-secret", "secret*",
            "(secret", #""secret"#, "printer NOT fire", "^secret", "secret + printer", "a\"b\"c", "\\ \u{0}",
        ] {
            let found = try await fixture.search(fixture.ada, input)
            #expect(found == [] || found == [adas.id], "\(input)")
        }
        #expect(try await fixture.search(fixture.ada, "printer OR fire") == [])
        #expect(try await fixture.search(fixture.ada, "fire, printer!") == [adas.id])
    }

    // MARK: Lists

    @Test("The status filter keeps open, closed or all tickets")
    func statusFilter() async throws {
        let fixture = try await Fixture()
        let open = try await fixture.open("Open", by: fixture.ada, at: Self.now)
        let waiting = try await fixture.open("Waiting", by: fixture.ada, stage: Self.stage("waiting_on_contact"), at: Self.now + 1)
        let closed = try await fixture.open("Closed", by: fixture.ada, stage: Self.stage("closed"), at: Self.now + 2)
        #expect(try await fixture.list(fixture.ada, TicketQuery(status: .open)) == [waiting.id, open.id])
        #expect(try await fixture.list(fixture.ada, TicketQuery(status: .closed)) == [closed.id])
        #expect(try await fixture.list(fixture.ada, TicketQuery(status: .all)) == [closed.id, waiting.id, open.id])
        #expect(try await fixture.tickets.customerTickets(fixture.visibility(fixture.ada), query: TicketQuery(status: .open)).total == 2)
        #expect(try await fixture.tickets.agentTickets(query: TicketQuery(status: .closed)).tickets.map(\.id) == [closed.id])
    }

    @Test("Lists sort by last activity or by creation, newest first, the id breaking ties")
    func sorts() async throws {
        let fixture = try await Fixture()
        let first = try await fixture.open("First", by: fixture.ada, at: Self.now)
        let second = try await fixture.open("Second", by: fixture.ada, at: Self.now + 60)
        let third = try await fixture.open("Third", by: fixture.ada, at: Self.now + 60)
        try await fixture.append("Bump", to: first, at: Self.now + 3_600)
        #expect(try await fixture.list(fixture.ada, TicketQuery(sort: .lastActivity)) == [first.id, third.id, second.id])
        #expect(try await fixture.list(fixture.ada, TicketQuery(sort: .created)) == [third.id, second.id, first.id])
        #expect(try await fixture.tickets.agentTickets(query: TicketQuery(sort: .lastActivity)).tickets.map(\.id) == [first.id, third.id, second.id])
    }

    @Test("Paging: pages of the requested size, the total of all pages, an empty page past the end")
    func paging() async throws {
        let fixture = try await Fixture()
        var opened: [Ticket.ID] = []
        for index in 0..<30 {
            opened.append(try await fixture.open("Ticket \(index)", by: fixture.ada, at: Self.now + Double(index)).id)
        }
        try await fixture.open("Grace's", by: fixture.grace, at: Self.now + 100)
        let newestFirst = Array(opened.reversed())
        let first = try await fixture.tickets.customerTickets(fixture.visibility(fixture.ada), query: TicketQuery(page: 1))
        #expect(first.tickets.map(\.id) == Array(newestFirst.prefix(25)))
        #expect(first.total == 30)
        #expect(first.pageCount == 2)
        let second = try await fixture.tickets.customerTickets(fixture.visibility(fixture.ada), query: TicketQuery(page: 2))
        #expect(second.tickets.map(\.id) == Array(newestFirst.dropFirst(25)))
        #expect(second.total == 30)
        let past = try await fixture.tickets.customerTickets(fixture.visibility(fixture.ada), query: TicketQuery(page: 3))
        #expect(past.tickets.isEmpty)
        #expect(past.total == 30)
        #expect(try await fixture.list(fixture.ada, TicketQuery(page: 4, pageSize: 7)) == Array(newestFirst[21..<28]))
        let agents = try await fixture.tickets.agentTickets(query: TicketQuery(page: 2, pageSize: 10))
        #expect(agents.total == 31)
        #expect(agents.tickets.count == 10)
    }
}
