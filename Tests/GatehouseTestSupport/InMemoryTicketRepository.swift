import Foundation
import GatehouseCore

/// ``TicketRepository`` over ``InMemoryStorage``, following `SQLiteTicketRepository` so service and app
/// tests exercise the same rules as the store: customer reads go through ``TicketVisibility``, search
/// through ``TicketSearchTerms/matches(_:)`` over the subject and public messages (notes are never
/// searchable), lists sort newest first with the id breaking ties, as the store's SQL does.
public struct InMemoryTicketRepository: TicketRepository {
    public let storage: InMemoryStorage

    /// Over `storage`, or over a storage of its own (service tests that need only tickets).
    public init(storage: InMemoryStorage = InMemoryStorage()) {
        self.storage = storage
    }

    public func customerTickets(_ visibility: TicketVisibility, query: TicketQuery) async throws -> TicketPage {
        storage.read { state in
            state.page(of: state.tickets.values.filter { visibility.admits($0, associatedWith: state.contacts(of: $0.id)) }, query: query)
        }
    }

    public func customerTicket(_ id: Ticket.ID, visibility: TicketVisibility) async throws -> TicketConversation? {
        storage.read { $0.conversation(id).flatMap(visibility.view) }
    }

    public func agentTickets(query: TicketQuery) async throws -> TicketPage {
        storage.read { $0.page(of: $0.tickets.values, query: query) }
    }

    public func agentTicket(_ id: Ticket.ID) async throws -> TicketConversation? {
        storage.read { $0.conversation(id) }
    }

    public func openTicket(_ new: NewTicket) async throws -> Ticket {
        storage.write { state in
            let ticket = state.insertTicket(
                Ticket(
                    id: 0, subject: new.subject, pipeline: new.pipeline, stage: new.stage.name, status: new.stage.status, priority: new.priority,
                    category: new.category, createdAt: new.at, lastActivityAt: new.at),
                contacts: [new.contact.id])
            let first = state.insertMessage(
                NewTicketMessage(
                    ticketID: ticket.id, author: .contact(new.contact.id, name: new.contact.name), kind: .publicMessage, body: new.body, at: new.at))
            state.queue(new.mail, for: first)
            return ticket
        }
    }

    public func appendMessage(_ new: NewTicketMessage) async throws -> TicketMessage {
        try storage.write { state in
            guard state.tickets[new.ticketID] != nil else { throw StoreError.notFound("ticket \(new.ticketID)") }
            let message = state.insertMessage(new)
            // Notes are invisible to contacts, so they must not move the ticket in a contact's list either.
            if new.kind == .publicMessage { state.tickets[new.ticketID]?.lastActivityAt = new.at }
            if let stage = new.newStage {
                state.tickets[new.ticketID]?.stage = stage.name
                state.tickets[new.ticketID]?.status = stage.status
            }
            state.queue(new.mail, for: message)
            return message
        }
    }

    public func setStage(_ id: Ticket.ID, stage: TicketPipeline.Stage, at date: Date) async throws {
        try storage.write { state in
            guard state.tickets[id] != nil else { throw StoreError.notFound("ticket \(id)") }
            state.tickets[id]?.stage = stage.name
            state.tickets[id]?.status = stage.status
            state.tickets[id]?.lastActivityAt = date
        }
    }

    /// Associates another contact with a ticket (once).
    public func addContact(_ contact: Contact.ID, to ticket: Ticket.ID) async {
        storage.write { _ = $0.ticketContacts[ticket, default: []].insert(contact) }
    }

    // MARK: Seeding and inspection

    /// Stores a ticket as it is (any pipeline, priority, dates), associated with `contacts`.
    @discardableResult
    public func insert(_ ticket: Ticket, contacts: Set<Contact.ID>) -> Ticket {
        storage.write { $0.insertTicket(ticket, contacts: contacts) }
    }

    public var tickets: [Ticket.ID: Ticket] { storage.read(\.tickets) }
    /// Every message of every ticket, by id.
    public var messages: [TicketMessage] { storage.read(\.allTicketMessages) }
    public var associations: [Ticket.ID: Set<Contact.ID>] { storage.read(\.ticketContacts) }
}
