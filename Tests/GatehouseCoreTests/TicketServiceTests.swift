import Foundation
import GatehouseCore
import GatehouseTestSupport
import Testing

@Suite struct TicketServiceTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let ada = Contact(id: 1, email: EmailAddress("ada@example.com")!, name: "Ada Lovelace", verified: true, createdAt: now)
    static let grace = Contact(id: 2, email: EmailAddress("grace@example.com")!, name: "Grace Hopper", verified: true, createdAt: now)
    static let mallory = Contact(id: 3, email: EmailAddress("mallory@example.com")!, name: "Mallory", verified: true, createdAt: now)
    static let agent = TicketMessage.Author.agent(9, name: "Agent Smith")

    /// A ticket service over an in-memory repository whose clock can be moved per call.
    struct Fixture {
        let repository = InMemoryTicketRepository()
        var settings = TicketSettings()

        func service(at date: Date = TicketServiceTests.now) -> TicketService {
            TicketService(repository: repository, settings: settings, clock: FixedClock(date))
        }

        /// Files a ticket that passes validation.
        func open(_ subject: String = "Printer on fire", by contact: Contact = TicketServiceTests.ada, at date: Date = TicketServiceTests.now)
            async throws -> Ticket
        {
            try await service(at: date).fileTicket(subject: subject, body: "It smokes.", category: nil, priority: nil, by: contact).get()
        }

        /// Files a ticket for Ada with one field varied.
        func file(subject: String = "Subject", body: String = "Body", category: String? = nil, priority: String? = nil)
            async throws -> Result<Ticket, Rejection>
        {
            try await service().fileTicket(subject: subject, body: body, category: category, priority: priority, by: TicketServiceTests.ada)
        }
    }

    /// The rejection a throwing call ends with (the service throws `ticket.not_found` rather than returning it).
    static func thrownRejection(_ body: () async throws -> Void) async -> Rejection? {
        do {
            try await body()
            return nil
        } catch {
            return error as? Rejection
        }
    }

    // MARK: Filing

    @Test("A subject is one line: line breaks and tabs become spaces, other control characters are dropped")
    func subjectIsOneLine() async throws {
        let ticket = try await Fixture().file(subject: "Printer\r\non\tfire\u{7}\u{2028}now").get()
        #expect(ticket.subject == "Printer  on fire now")
        #expect(!ticket.subject.unicodeScalars.contains { $0.properties.generalCategory == .control })
        let onlyControls = try await Fixture().file(subject: "\u{0}\u{7}\n")
        guard case .failure(let rejection) = onlyControls else {
            Issue.record("a subject of control characters was accepted")
            return
        }
        #expect(rejection.code == Reasons.ticketSubjectMissing)
    }

    @Test("An internal note does not move the ticket's last activity (contacts must not notice notes)")
    func noteKeepsActivity() async throws {
        let fixture = Fixture()
        let ticket = try await fixture.open()
        _ = try await fixture.service(at: Self.now.addingTimeInterval(60)).agentReply(
            to: ticket.id, body: "internal", kind: .internalNote, author: Self.agent
        ).get()
        #expect(try await fixture.service().ticket(ticket.id, for: Self.ada).ticket.lastActivityAt == Self.now)
        _ = try await fixture.service(at: Self.now.addingTimeInterval(120)).agentReply(
            to: ticket.id, body: "public", kind: .publicMessage, author: Self.agent
        ).get()
        #expect(try await fixture.service().ticket(ticket.id, for: Self.ada).ticket.lastActivityAt == Self.now.addingTimeInterval(120))
    }

    @Test("Filing trims the subject, normalises the body and opens the ticket at the portal pipeline's first stage")
    func fileTicket() async throws {
        let fixture = Fixture()
        let ticket = try await fixture.service().fileTicket(
            subject: "  Printer on fire \n", body: "\r\n  First line\r\nsecond\u{07} line\rthird\u{0}\t \n\n", category: nil, priority: nil,
            by: Self.ada
        ).get()
        #expect(ticket.subject == "Printer on fire")
        #expect(ticket.pipeline == "support")
        #expect(ticket.stage == "new")
        #expect(ticket.status == .open)
        #expect(ticket.priority == nil)
        #expect(ticket.category == nil)
        #expect(ticket.createdAt == Self.now)
        #expect(ticket.lastActivityAt == Self.now)
        let conversation = try await fixture.service().ticket(ticket.id, for: Self.ada)
        #expect(conversation.ticket == ticket)
        #expect(conversation.contacts == [Self.ada.id])
        #expect(conversation.messages.count == 1)
        let first = try #require(conversation.messages.first)
        #expect(first.body == "First line\nsecond line\nthird")
        #expect(first.kind == .publicMessage)
        #expect(first.author == .contact(Self.ada.id, name: "Ada Lovelace"))
        #expect(first.createdAt == Self.now)
    }

    @Test("A missing or blank subject is ticket.subject_missing", arguments: ["", "   ", "\n\t \r\n"])
    func subjectMissing(_ subject: String) async throws {
        let fixture = Fixture()
        #expect(try await fixture.file(subject: subject).rejectionCode == Reasons.ticketSubjectMissing)
        #expect(fixture.repository.tickets.isEmpty)
    }

    @Test("A subject over 200 characters (after trimming) is ticket.subject_too_long")
    func subjectTooLong() async throws {
        let fixture = Fixture()
        #expect(try await fixture.file(subject: String(repeating: "s", count: 201)).rejectionCode == Reasons.ticketSubjectTooLong)
        #expect(try await fixture.file(subject: String(repeating: "é", count: 201)).rejectionCode == Reasons.ticketSubjectTooLong)
        #expect(fixture.repository.tickets.isEmpty)
        #expect(try await fixture.file(subject: String(repeating: "s", count: 200)).rejectionCode == nil)
        #expect(try await fixture.file(subject: "  " + String(repeating: "s", count: 200) + "  ").rejectionCode == nil)
    }

    @Test(
        "A body with nothing but whitespace or control characters is ticket.message_empty",
        arguments: ["", " ", "\n\n\t", "\r\n \r\n", "\u{00A0}\u{2003}", "\u{0}\u{07}", " \u{1B} \n"])
    func bodyEmpty(_ body: String) async throws {
        let fixture = Fixture()
        #expect(try await fixture.file(body: body).rejectionCode == Reasons.ticketMessageEmpty)
        #expect(fixture.repository.tickets.isEmpty)
    }

    @Test("A body over 10,000 characters is ticket.message_too_long; exactly 10,000 is accepted")
    func bodyTooLong() async throws {
        let fixture = Fixture()
        #expect(try await fixture.file(body: String(repeating: "b", count: 10_001)).rejectionCode == Reasons.ticketMessageTooLong)
        #expect(fixture.repository.tickets.isEmpty)
        #expect(try await fixture.file(body: String(repeating: "b", count: 10_000)).rejectionCode == nil)
    }

    @Test("A category must be one of the configured ones; none chosen is allowed")
    func category() async throws {
        var fixture = Fixture()
        fixture.settings.categories = ["Billing", "Hardware"]
        #expect(try await fixture.file(category: "Hardware").get().category == "Hardware")
        #expect(try await fixture.file(category: nil).get().category == nil)
        #expect(try await fixture.file(category: "").get().category == nil)
        #expect(try await fixture.file(category: "Legal").rejectionCode == Reasons.ticketCategoryInvalid)
        #expect(try await fixture.file(category: "hardware").rejectionCode == Reasons.ticketCategoryInvalid)
        #expect(fixture.repository.tickets.count == 3)
    }

    @Test("With no categories configured (field hidden), a posted category is refused")
    func categoryWhenHidden() async throws {
        let fixture = Fixture()
        #expect(try await fixture.file(category: "Hardware").rejectionCode == Reasons.ticketCategoryInvalid)
    }

    @Test("A priority the form does not ask for is ignored, even a malformed one")
    func priorityNotAsked() async throws {
        let fixture = Fixture()
        #expect(try await fixture.file(priority: "urgent").get().priority == nil)
        #expect(try await fixture.file(priority: "bogus").get().priority == nil)
    }

    @Test("An asked priority must be one of low, medium, high, urgent")
    func priorityAsked() async throws {
        var fixture = Fixture()
        fixture.settings.askPriority = true
        for priority in TicketPriority.allCases {
            #expect(try await fixture.file(priority: priority.rawValue).get().priority == priority)
        }
        #expect(try await fixture.file(priority: nil).get().priority == nil)
        #expect(try await fixture.file(priority: "").get().priority == nil)
        #expect(try await fixture.file(priority: "critical").rejectionCode == Reasons.ticketPriorityInvalid)
        #expect(try await fixture.file(priority: "URGENT").rejectionCode == Reasons.ticketPriorityInvalid)
    }

    @Test("Tickets go to the configured portal pipeline; a portal pipeline that does not exist is service.unavailable")
    func portalPipeline() async throws {
        var fixture = Fixture()
        let billing = TicketPipeline(name: "billing", stages: [.init(name: "received", status: .open), .init(name: "paid", status: .closed)])
        fixture.settings.pipelines = [.support, billing]
        fixture.settings.portalPipeline = "billing"
        let ticket = try await fixture.file().get()
        #expect(ticket.pipeline == "billing")
        #expect(ticket.stage == "received")
        fixture.settings.portalPipeline = "sales"
        #expect(try await fixture.file().rejectionCode == Reasons.unavailable)
    }

    @Test("Rejections carry the catalog's public summary")
    func rejectionSummary() async throws {
        let rejection = try #require(try await Fixture().file(subject: " ").rejection)
        #expect(rejection.summary == Reasons.summary(of: Reasons.ticketSubjectMissing))
    }

    // MARK: Reading

    @Test("A contact lists only their own tickets within the portal filter")
    func list() async throws {
        var fixture = Fixture()
        let first = try await fixture.open("First", at: Self.now)
        let second = try await fixture.open("Second", at: Self.now.addingTimeInterval(60))
        _ = try await fixture.open("Grace's", by: Self.grace)
        let page = try await fixture.service().tickets(of: Self.ada, query: TicketQuery())
        #expect(page.tickets.map(\.id) == [second.id, first.id])
        #expect(page.total == 2)
        #expect(try await fixture.service().tickets(of: Self.mallory, query: TicketQuery()).total == 0)
        fixture.settings.portalFilter = PortalTicketFilter(createdAfter: Self.now)
        #expect(try await fixture.service().tickets(of: Self.ada, query: TicketQuery()).tickets.map(\.id) == [second.id])
    }

    @Test("Another contact's ticket is ticket.not_found, exactly like a missing one")
    func foreignTicket() async throws {
        let fixture = Fixture()
        let ticket = try await fixture.open(by: Self.ada)
        let foreign = await Self.thrownRejection { _ = try await fixture.service().ticket(ticket.id, for: Self.mallory) }
        let missing = await Self.thrownRejection { _ = try await fixture.service().ticket(999, for: Self.mallory) }
        #expect(foreign?.code == Reasons.ticketNotFound)
        #expect(missing?.code == Reasons.ticketNotFound)
        #expect(foreign?.summary == missing?.summary)
    }

    @Test("A ticket the portal filter leaves out is ticket.not_found for its own contact")
    func filteredTicket() async throws {
        var fixture = Fixture()
        let ticket = try await fixture.open()
        fixture.settings.portalFilter = PortalTicketFilter(priorities: [.high])
        let rejection = await Self.thrownRejection { _ = try await fixture.service().ticket(ticket.id, for: Self.ada) }
        #expect(rejection?.code == Reasons.ticketNotFound)
        #expect(try await fixture.service().tickets(of: Self.ada, query: TicketQuery()).total == 0)
    }

    // MARK: Customer replies

    @Test("A reply is a public message by the contact and moves last activity, not the creation date")
    func reply() async throws {
        let fixture = Fixture()
        let older = try await fixture.open("Older", at: Self.now)
        let newer = try await fixture.open("Newer", at: Self.now.addingTimeInterval(60))
        let later = Self.now.addingTimeInterval(3_600)
        let message = try await fixture.service(at: later).reply(to: older.id, body: " Any news?\r\n", by: Self.ada).get()
        #expect(message.body == "Any news?")
        #expect(message.kind == .publicMessage)
        #expect(message.author == .contact(Self.ada.id, name: "Ada Lovelace"))
        #expect(message.createdAt == later)
        let ticket = try await fixture.service().ticket(older.id, for: Self.ada).ticket
        #expect(ticket.lastActivityAt == later)
        #expect(ticket.createdAt == Self.now)
        #expect(ticket.stage == "new")
        #expect(try await fixture.service().tickets(of: Self.ada, query: TicketQuery()).tickets.map(\.id) == [older.id, newer.id])
        #expect(try await fixture.service().tickets(of: Self.ada, query: TicketQuery(sort: .created)).tickets.map(\.id) == [newer.id, older.id])
    }

    @Test("A reply to another contact's ticket is ticket.not_found like a missing one, and appends nothing")
    func replyToForeignTicket() async throws {
        let fixture = Fixture()
        let ticket = try await fixture.open(by: Self.ada)
        let foreign = await Self.thrownRejection { _ = try await fixture.service().reply(to: ticket.id, body: "Hijack", by: Self.mallory) }
        let missing = await Self.thrownRejection { _ = try await fixture.service().reply(to: 999, body: "Hijack", by: Self.mallory) }
        #expect(foreign?.code == Reasons.ticketNotFound)
        #expect(missing?.code == Reasons.ticketNotFound)
        #expect(foreign?.summary == missing?.summary)
        // Visibility is checked before the body, so an invalid body does not tell a foreign ticket from a missing one either.
        let foreignEmpty = await Self.thrownRejection { _ = try await fixture.service().reply(to: ticket.id, body: " ", by: Self.mallory) }
        #expect(foreignEmpty?.code == Reasons.ticketNotFound)
        #expect(fixture.repository.messages.count == 1)
        #expect(try await fixture.service().ticket(ticket.id, for: Self.ada).ticket.lastActivityAt == Self.now)
    }

    @Test("A contact associated with someone else's ticket may read and reply; everyone associated sees the reply")
    func sharedTicket() async throws {
        let fixture = Fixture()
        let ticket = try await fixture.open(by: Self.ada)
        await fixture.repository.addContact(Self.grace.id, to: ticket.id)
        _ = try await fixture.service().reply(to: ticket.id, body: "Same here", by: Self.grace).get()
        let seenByAda = try await fixture.service().ticket(ticket.id, for: Self.ada)
        #expect(seenByAda.messages.map(\.author) == [.contact(Self.ada.id, name: "Ada Lovelace"), .contact(Self.grace.id, name: "Grace Hopper")])
        #expect(seenByAda.contacts == [Self.ada.id, Self.grace.id])
        #expect(try await fixture.service().ticket(ticket.id, for: Self.grace).messages == seenByAda.messages)
    }

    @Test("An invalid reply body is refused and appends nothing")
    func replyValidation() async throws {
        let fixture = Fixture()
        let ticket = try await fixture.open()
        #expect(try await fixture.service().reply(to: ticket.id, body: "\n \t", by: Self.ada).rejectionCode == Reasons.ticketMessageEmpty)
        #expect(
            try await fixture.service().reply(to: ticket.id, body: String(repeating: "x", count: 10_001), by: Self.ada).rejectionCode
                == Reasons.ticketMessageTooLong)
        #expect(fixture.repository.messages.count == 1)
    }

    @Test("A reply reopens a closed ticket at the pipeline's first open stage when reopenOnCustomerReply is set")
    func replyReopens() async throws {
        var fixture = Fixture()
        fixture.settings.reopenOnCustomerReply = true
        let ticket = try await fixture.open()
        _ = try await fixture.service().setStage(of: ticket.id, to: "closed").get()
        _ = try await fixture.service().reply(to: ticket.id, body: "Still broken", by: Self.ada).get()
        let reopened = try await fixture.service().ticket(ticket.id, for: Self.ada).ticket
        #expect(reopened.stage == "new")
        #expect(reopened.status == .open)
    }

    @Test("By default (reopenOnCustomerReply off) a reply leaves a closed ticket closed")
    func defaultKeepsClosed() async throws {
        #expect(TicketSettings().reopenOnCustomerReply == false)
    }

    @Test("Without reopenOnCustomerReply a reply leaves a closed ticket closed")
    func replyKeepsClosed() async throws {
        var fixture = Fixture()
        fixture.settings.reopenOnCustomerReply = false
        let ticket = try await fixture.open()
        _ = try await fixture.service().setStage(of: ticket.id, to: "closed").get()
        _ = try await fixture.service().reply(to: ticket.id, body: "Thanks!", by: Self.ada).get()
        let conversation = try await fixture.service().ticket(ticket.id, for: Self.ada)
        #expect(conversation.ticket.stage == "closed")
        #expect(conversation.ticket.status == .closed)
        #expect(conversation.messages.last?.body == "Thanks!")
    }

    @Test("A reply never moves an open ticket to another stage")
    func replyOnOpenTicket() async throws {
        let fixture = Fixture()
        let ticket = try await fixture.open()
        _ = try await fixture.service().setStage(of: ticket.id, to: "waiting_on_contact").get()
        _ = try await fixture.service().reply(to: ticket.id, body: "Here you go", by: Self.ada).get()
        #expect(try await fixture.service().ticket(ticket.id, for: Self.ada).ticket.stage == "waiting_on_contact")
    }

    // MARK: Agents

    @Test("An agent's internal note is invisible to the customer, in the conversation and in search; a public reply is visible")
    func agentNote() async throws {
        let fixture = Fixture()
        let ticket = try await fixture.open()
        let note = try await fixture.service().agentReply(
            to: ticket.id, body: "Customer is on the zebra plan", kind: .internalNote, author: Self.agent
        )
        .get()
        let reply = try await fixture.service().agentReply(to: ticket.id, body: "On our way", kind: .publicMessage, author: Self.agent).get()
        let customerView = try await fixture.service().ticket(ticket.id, for: Self.ada)
        #expect(customerView.messages.map(\.id) == [1, reply.id])
        #expect(!customerView.messages.contains { $0.id == note.id })
        #expect(customerView.messages.last?.author == Self.agent)
        #expect(try await fixture.service().agentTicket(ticket.id).messages.map(\.id) == [1, note.id, reply.id])
        let zebra = TicketQuery(search: TicketSearchTerms("zebra"))
        #expect(try await fixture.service().tickets(of: Self.ada, query: zebra).total == 0)
        #expect(try await fixture.repository.agentTickets(query: zebra).total == 0)
        #expect(try await fixture.service().tickets(of: Self.ada, query: TicketQuery(search: TicketSearchTerms("way"))).total == 1)
    }

    @Test("Agent replies to a missing ticket are ticket.not_found; invalid bodies are refused")
    func agentReplyValidation() async throws {
        let fixture = Fixture()
        let missing = await Self.thrownRejection {
            _ = try await fixture.service().agentReply(to: 42, body: "Hello", kind: .publicMessage, author: Self.agent)
        }
        #expect(missing?.code == Reasons.ticketNotFound)
        let ticket = try await fixture.open()
        #expect(
            try await fixture.service().agentReply(to: ticket.id, body: "  ", kind: .internalNote, author: Self.agent).rejectionCode
                == Reasons.ticketMessageEmpty)
        #expect(fixture.repository.messages.count == 1)
    }

    @Test("Agents read any contact's ticket; a missing one is ticket.not_found")
    func agentSeesEveryTicket() async throws {
        let fixture = Fixture()
        let ticket = try await fixture.open(by: Self.grace)
        #expect(try await fixture.service().agentTicket(ticket.id).ticket == ticket)
        let rejection = await Self.thrownRejection { _ = try await fixture.service().agentTicket(999) }
        #expect(rejection?.code == Reasons.ticketNotFound)
    }

    @Test("Moving a ticket to a stage of its pipeline updates stage, status and last activity")
    func setStage() async throws {
        let fixture = Fixture()
        let ticket = try await fixture.open()
        let later = Self.now.addingTimeInterval(120)
        let closed = try await fixture.service(at: later).setStage(of: ticket.id, to: "closed").get()
        #expect(closed.stage == "closed")
        #expect(closed.status == .closed)
        #expect(closed.lastActivityAt == later)
        #expect(try await fixture.service().tickets(of: Self.ada, query: TicketQuery(status: .closed)).tickets.map(\.id) == [ticket.id])
        #expect(try await fixture.service().tickets(of: Self.ada, query: TicketQuery(status: .open)).total == 0)
    }

    @Test("A stage the ticket's pipeline does not have is ticket.stage_invalid and changes nothing")
    func setStageInvalid() async throws {
        var fixture = Fixture()
        let billing = TicketPipeline(name: "billing", stages: [.init(name: "received", status: .open), .init(name: "paid", status: .closed)])
        fixture.settings.pipelines = [.support, billing]
        let ticket = try await fixture.open()
        for stage in ["paid", "Closed", "", "closed "] {
            #expect(try await fixture.service().setStage(of: ticket.id, to: stage).rejectionCode == Reasons.ticketStageInvalid)
        }
        #expect(try await fixture.service().agentTicket(ticket.id).ticket == ticket)
        let missing = await Self.thrownRejection { _ = try await fixture.service().setStage(of: 999, to: "closed") }
        #expect(missing?.code == Reasons.ticketNotFound)
    }
}
