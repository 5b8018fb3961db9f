import Foundation

/// Tickets and their conversations. Customer reads take a ``TicketVisibility`` and apply it in the
/// query, so a ticket a contact may not see is indistinguishable from one that does not exist.
public protocol TicketRepository: Sendable {
    /// The contact's tickets within the portal filter, one page.
    func customerTickets(_ visibility: TicketVisibility, query: TicketQuery) async throws -> TicketPage
    /// One ticket with its public messages, if the contact may see it.
    func customerTicket(_ id: Ticket.ID, visibility: TicketVisibility) async throws -> TicketConversation?
    /// Every ticket (agents), one page; the status filter and search apply, the portal filter does not.
    func agentTickets(query: TicketQuery) async throws -> TicketPage
    /// One ticket with every message, notes included (agents).
    func agentTicket(_ id: Ticket.ID) async throws -> TicketConversation?
    /// Creates a ticket with its first (public) message, associated with `contact`, and queues the
    /// ticket's `mail` in the same transaction.
    func openTicket(_ ticket: NewTicket) async throws -> Ticket
    /// Appends a message, updates last activity, and moves the ticket to `stage` when one is given
    /// (a customer reply reopening a closed ticket, an agent's reply-and-close), and queues the message's
    /// `mail`, in one transaction.
    func appendMessage(_ message: NewTicketMessage) async throws -> TicketMessage
    /// Moves a ticket to another stage of its pipeline.
    func setStage(_ id: Ticket.ID, stage: TicketPipeline.Stage, at: Date) async throws
    /// Associates another contact with a ticket (a colleague who follows it).
    func addContact(_ contact: Contact.ID, to ticket: Ticket.ID) async throws
}

public struct NewTicket: Sendable {
    public var subject: String
    public var body: String
    public var contact: Contact
    public var pipeline: String
    public var stage: TicketPipeline.Stage
    public var priority: TicketPriority?
    public var category: String?
    public var at: Date
    /// Queued in the same transaction (the agents' new-ticket emails).
    public var mail: TicketMail

    public init(
        subject: String, body: String, contact: Contact, pipeline: String, stage: TicketPipeline.Stage, priority: TicketPriority?, category: String?,
        at: Date, mail: TicketMail = .none
    ) {
        self.mail = mail
        self.subject = subject
        self.body = body
        self.contact = contact
        self.pipeline = pipeline
        self.stage = stage
        self.priority = priority
        self.category = category
        self.at = at
    }
}

public struct NewTicketMessage: Sendable {
    public var ticketID: Ticket.ID
    public var author: TicketMessage.Author
    public var kind: TicketMessage.Kind
    public var body: String
    public var newStage: TicketPipeline.Stage?
    public var at: Date
    /// Queued in the same transaction (the notifications of this message).
    public var mail: TicketMail

    public init(
        ticketID: Ticket.ID, author: TicketMessage.Author, kind: TicketMessage.Kind, body: String, newStage: TicketPipeline.Stage? = nil, at: Date,
        mail: TicketMail = .none
    ) {
        self.mail = mail
        self.ticketID = ticketID
        self.author = author
        self.kind = kind
        self.body = body
        self.newStage = newStage
        self.at = at
    }
}
