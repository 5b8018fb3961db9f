import Foundation
import GatehouseCore
import Testing

@Suite struct TicketVisibilityTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let ada: Contact.ID = 1
    static let grace: Contact.ID = 2
    static let mallory: Contact.ID = 3

    static func ticket(
        id: Ticket.ID = 7, pipeline: String = "support", priority: TicketPriority? = nil, createdAt: Date = now
    ) -> Ticket {
        Ticket(
            id: id, subject: "Printer on fire", pipeline: pipeline, stage: "new", status: .open, priority: priority, category: nil,
            createdAt: createdAt, lastActivityAt: createdAt)
    }

    static func message(_ id: TicketMessage.ID, _ author: TicketMessage.Author, _ kind: TicketMessage.Kind = .publicMessage) -> TicketMessage {
        TicketMessage(id: id, ticketID: 7, author: author, kind: kind, body: "message \(id)", createdAt: now.addingTimeInterval(Double(id)))
    }

    /// Ada's ticket, shared with Grace: Ada's, Grace's and an agent's public messages, two agent notes.
    static let conversation = TicketConversation(
        ticket: ticket(),
        messages: [
            message(1, .contact(ada, name: "Ada")),
            message(2, .agent(9, name: "Agent Smith"), .internalNote),
            message(3, .agent(9, name: "Agent Smith")),
            message(4, .contact(grace, name: "Grace")),
            message(5, .agent(nil, name: "Helpdesk API"), .internalNote),
            message(6, .agent(nil, name: "Helpdesk API")),
        ],
        contacts: [ada, grace])

    // MARK: Which tickets

    @Test("A contact is admitted to exactly the tickets they are associated with")
    func association() {
        let ticket = Self.ticket()
        #expect(TicketVisibility(contactID: Self.ada, filter: .none).admits(ticket, associatedWith: [Self.ada]))
        #expect(TicketVisibility(contactID: Self.ada, filter: .none).admits(ticket, associatedWith: [Self.grace, Self.ada]))
        #expect(TicketVisibility(contactID: Self.grace, filter: .none).admits(ticket, associatedWith: [Self.grace, Self.ada]))
        #expect(!TicketVisibility(contactID: Self.mallory, filter: .none).admits(ticket, associatedWith: [Self.grace, Self.ada]))
        #expect(!TicketVisibility(contactID: Self.ada, filter: .none).admits(ticket, associatedWith: []))
    }

    // MARK: Which messages

    @Test("Every public message is visible (own, another associated contact's, agents'), never an internal note, in order")
    func publicMessagesOnly() {
        let visible = TicketVisibility(contactID: Self.ada, filter: .none).visibleMessages(Self.conversation.messages)
        #expect(visible.map(\.id) == [1, 3, 4, 6])
        #expect(visible.allSatisfy { $0.kind == .publicMessage })
        #expect(TicketVisibility(contactID: Self.grace, filter: .none).visibleMessages(Self.conversation.messages) == visible)
    }

    @Test("view strips the notes and keeps the ticket and its contacts")
    func viewOfOwnTicket() throws {
        let view = try #require(TicketVisibility(contactID: Self.grace, filter: .none).view(Self.conversation))
        #expect(view.ticket == Self.conversation.ticket)
        #expect(view.contacts == [Self.ada, Self.grace])
        #expect(view.messages.map(\.id) == [1, 3, 4, 6])
        #expect(!view.messages.contains { $0.kind == .internalNote })
    }

    @Test("view is nil for a ticket of someone else")
    func viewOfForeignTicket() {
        #expect(TicketVisibility(contactID: Self.mallory, filter: .none).view(Self.conversation) == nil)
    }

    @Test("view is nil for the contact's own ticket when the portal filter leaves it out")
    func viewOfFilteredTicket() {
        let filters = [
            PortalTicketFilter(pipelines: ["billing"]),
            PortalTicketFilter(priorities: [.high]),
            PortalTicketFilter(createdAfter: Self.now),
        ]
        for filter in filters {
            #expect(TicketVisibility(contactID: Self.ada, filter: filter).view(Self.conversation) == nil)
        }
    }

    // MARK: Portal filter

    @Test("No filter admits every ticket")
    func noFilter() {
        #expect(PortalTicketFilter.none.admits(Self.ticket()))
        #expect(PortalTicketFilter.none.admits(Self.ticket(pipeline: "anything", priority: .urgent, createdAt: .distantPast)))
    }

    @Test("A pipeline filter admits only tickets of the listed pipelines")
    func pipelineFilter() {
        let filter = PortalTicketFilter(pipelines: ["support", "billing"])
        #expect(filter.admits(Self.ticket(pipeline: "support")))
        #expect(filter.admits(Self.ticket(pipeline: "billing")))
        #expect(!filter.admits(Self.ticket(pipeline: "internal")))
        #expect(!filter.admits(Self.ticket(pipeline: "Support")))
    }

    @Test("A priority filter admits only the listed priorities; a ticket without priority is outside it")
    func priorityFilter() {
        let filter = PortalTicketFilter(priorities: [.high, .urgent])
        #expect(filter.admits(Self.ticket(priority: .high)))
        #expect(filter.admits(Self.ticket(priority: .urgent)))
        #expect(!filter.admits(Self.ticket(priority: .low)))
        #expect(!filter.admits(Self.ticket(priority: nil)))
        let everyPriority = PortalTicketFilter(priorities: Set(TicketPriority.allCases))
        #expect(!everyPriority.admits(Self.ticket(priority: nil)))
    }

    @Test("createdAfter is strict: a ticket created at that instant is outside")
    func createdAfterFilter() {
        let filter = PortalTicketFilter(createdAfter: Self.now)
        #expect(!filter.admits(Self.ticket(createdAt: Self.now)))
        #expect(!filter.admits(Self.ticket(createdAt: Self.now.addingTimeInterval(-1))))
        #expect(filter.admits(Self.ticket(createdAt: Self.now.addingTimeInterval(0.001))))
        #expect(filter.admits(Self.ticket(createdAt: Self.now.addingTimeInterval(86_400))))
    }

    @Test("A combined filter admits a ticket only when every part does")
    func combinedFilter() {
        let filter = PortalTicketFilter(pipelines: ["support"], priorities: [.high], createdAfter: Self.now)
        let later = Self.now.addingTimeInterval(60)
        #expect(filter.admits(Self.ticket(pipeline: "support", priority: .high, createdAt: later)))
        #expect(!filter.admits(Self.ticket(pipeline: "billing", priority: .high, createdAt: later)))
        #expect(!filter.admits(Self.ticket(pipeline: "support", priority: .low, createdAt: later)))
        #expect(!filter.admits(Self.ticket(pipeline: "support", priority: .high, createdAt: Self.now)))
    }

    @Test("The filter applies on top of the association, never instead of it")
    func filterAndAssociation() {
        let filter = PortalTicketFilter(pipelines: ["support"])
        let ticket = Self.ticket(pipeline: "support")
        #expect(TicketVisibility(contactID: Self.ada, filter: filter).admits(ticket, associatedWith: [Self.ada]))
        #expect(!TicketVisibility(contactID: Self.mallory, filter: filter).admits(ticket, associatedWith: [Self.ada]))
        #expect(!TicketVisibility(contactID: Self.ada, filter: filter).admits(Self.ticket(pipeline: "billing"), associatedWith: [Self.ada]))
    }
}
