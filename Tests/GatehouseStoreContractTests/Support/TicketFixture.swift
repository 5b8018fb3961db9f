import Foundation
import GatehouseCore

/// A store with three contacts, Ada, Grace and Mallory, and shorthands for the ticket calls.
struct TicketFixture {
    static let agent = TicketMessage.Author.agent(nil, name: "Helpdesk API")
    static let support = TicketPipeline.support

    let repositories: Repositories
    let ada: Contact
    let grace: Contact
    let mallory: Contact

    var tickets: any TicketRepository { repositories.tickets }

    init(_ repositories: Repositories) async throws {
        self.repositories = repositories
        ada = try await repositories.newContact("ada@example.com", name: "Ada")
        grace = try await repositories.newContact("grace@example.com", name: "Grace")
        mallory = try await repositories.newContact("mallory@example.com", name: "Mallory")
    }

    static func stage(_ name: String) -> TicketPipeline.Stage {
        support.stage(named: name)!
    }

    @discardableResult
    func open(
        _ subject: String, body: String = "Please help.", by contact: Contact, pipeline: String = "support",
        stage: TicketPipeline.Stage = support.initialStage, priority: TicketPriority? = nil, category: String? = nil, at date: Date = contractNow
    ) async throws -> Ticket {
        try await tickets.openTicket(
            NewTicket(
                subject: subject, body: body, contact: contact, pipeline: pipeline, stage: stage, priority: priority, category: category, at: date))
    }

    @discardableResult
    func append(
        _ body: String, to ticket: Ticket, by author: TicketMessage.Author = agent, kind: TicketMessage.Kind = .publicMessage,
        newStage: TicketPipeline.Stage? = nil, at date: Date = contractNow
    ) async throws -> TicketMessage {
        try await tickets.appendMessage(NewTicketMessage(ticketID: ticket.id, author: author, kind: kind, body: body, newStage: newStage, at: date))
    }

    func visibility(_ contact: Contact, _ filter: PortalTicketFilter = .none) -> TicketVisibility {
        TicketVisibility(contactID: contact.id, filter: filter)
    }

    /// Ids of the contact's tickets for `query`.
    func list(_ contact: Contact, _ query: TicketQuery = TicketQuery(), filter: PortalTicketFilter = .none) async throws -> [Ticket.ID] {
        try await tickets.customerTickets(visibility(contact, filter), query: query).tickets.map(\.id)
    }

    /// Ids of the contact's tickets whose subject or public messages contain the words of `text`.
    func search(_ contact: Contact, _ text: String) async throws -> [Ticket.ID] {
        try await list(contact, TicketQuery(search: TicketSearchTerms(text)))
    }

    /// Ids of every ticket whose subject or public messages contain the words of `text` (the agent inbox).
    func agentSearch(_ text: String) async throws -> [Ticket.ID] {
        try await tickets.agentTickets(query: TicketQuery(search: TicketSearchTerms(text))).tickets.map(\.id)
    }

    /// Ada's search and the agent search, for the rules both follow: a name for messages, and the search.
    var adaAndAgentSearches: [(String, (String) async throws -> [Ticket.ID])] {
        [("customer", { try await search(ada, $0) }), ("agent", { try await agentSearch($0) })]
    }
}
