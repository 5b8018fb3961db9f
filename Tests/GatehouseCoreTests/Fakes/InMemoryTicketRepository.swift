import Foundation
import GatehouseCore

/// ``TicketRepository`` in memory, following the protocol's documented semantics so service tests
/// exercise the same rules as the SQLite store: customer reads go through ``TicketVisibility``, search
/// through ``TicketSearchTerms/matches(_:)`` over the subject and public messages (notes are never
/// searchable), lists sort newest first with the id breaking ties, as the store's SQL does.
actor InMemoryTicketRepository: TicketRepository {
    private(set) var tickets: [Ticket.ID: Ticket] = [:]
    private(set) var messages: [TicketMessage] = []
    private(set) var associations: [Ticket.ID: Set<Contact.ID>] = [:]
    private var nextTicketID: Ticket.ID = 1
    private var nextMessageID: TicketMessage.ID = 1

    func customerTickets(_ visibility: TicketVisibility, query: TicketQuery) async throws -> TicketPage {
        page(of: tickets.values.filter { visibility.admits($0, associatedWith: contacts(of: $0.id)) }, query: query)
    }

    func customerTicket(_ id: Ticket.ID, visibility: TicketVisibility) async throws -> TicketConversation? {
        conversation(id).flatMap(visibility.view)
    }

    func agentTickets(query: TicketQuery) async throws -> TicketPage {
        page(of: Array(tickets.values), query: query)
    }

    func agentTicket(_ id: Ticket.ID) async throws -> TicketConversation? {
        conversation(id)
    }

    func openTicket(_ new: NewTicket) async throws -> Ticket {
        let ticket = Ticket(
            id: nextTicketID, subject: new.subject, pipeline: new.pipeline, stage: new.stage.name, status: new.stage.status, priority: new.priority,
            category: new.category, createdAt: new.at, lastActivityAt: new.at)
        nextTicketID += 1
        tickets[ticket.id] = ticket
        associations[ticket.id] = [new.contact.id]
        append(
            NewTicketMessage(
                ticketID: ticket.id, author: .contact(new.contact.id, name: new.contact.name), kind: .publicMessage, body: new.body, at: new.at))
        return ticket
    }

    func appendMessage(_ new: NewTicketMessage) async throws -> TicketMessage {
        guard tickets[new.ticketID] != nil else { throw StoreError.notFound("ticket \(new.ticketID)") }
        let message = append(new)
        if new.kind == .publicMessage { tickets[new.ticketID]?.lastActivityAt = new.at }
        if let stage = new.newStage {
            tickets[new.ticketID]?.stage = stage.name
            tickets[new.ticketID]?.status = stage.status
        }
        return message
    }

    func setStage(_ id: Ticket.ID, stage: TicketPipeline.Stage, at date: Date) async throws {
        guard tickets[id] != nil else { throw StoreError.notFound("ticket \(id)") }
        tickets[id]?.stage = stage.name
        tickets[id]?.status = stage.status
        tickets[id]?.lastActivityAt = date
    }

    // MARK: Seeding (what the SQLite store's `addContact` and direct inserts do)

    /// Associates another contact with a ticket.
    func addContact(_ contact: Contact.ID, to ticket: Ticket.ID) {
        associations[ticket, default: []].insert(contact)
    }

    /// Stores a ticket as it is (any pipeline, priority, dates), associated with `contacts`.
    @discardableResult
    func insert(_ ticket: Ticket, contacts: Set<Contact.ID>) -> Ticket {
        var stored = ticket
        stored.id = nextTicketID
        nextTicketID += 1
        tickets[stored.id] = stored
        associations[stored.id] = contacts
        return stored
    }

    // MARK: Queries

    @discardableResult
    private func append(_ new: NewTicketMessage) -> TicketMessage {
        let message = TicketMessage(id: nextMessageID, ticketID: new.ticketID, author: new.author, kind: new.kind, body: new.body, createdAt: new.at)
        nextMessageID += 1
        messages.append(message)
        return message
    }

    private func contacts(of ticket: Ticket.ID) -> [Contact.ID] {
        (associations[ticket] ?? []).sorted()
    }

    private func conversation(_ id: Ticket.ID) -> TicketConversation? {
        guard let ticket = tickets[id] else { return nil }
        return TicketConversation(ticket: ticket, messages: messages.filter { $0.ticketID == id }, contacts: contacts(of: id))
    }

    /// What the store's full-text index holds for a ticket: its subject and public messages.
    private func searchableText(of ticket: Ticket) -> String {
        ([ticket.subject] + messages.filter { $0.ticketID == ticket.id && $0.kind == .publicMessage }.map(\.body)).joined(separator: "\n")
    }

    private func page(of candidates: [Ticket], query: TicketQuery) -> TicketPage {
        let matching = candidates.filter { ticket in
            switch query.status {
            case .open where ticket.status != .open, .closed where ticket.status != .closed: return false
            default: break
            }
            return query.search?.matches(searchableText(of: ticket)) ?? true
        }
        let sorted = matching.sorted { lhs, rhs in
            let (left, right) = query.sort == .created ? (lhs.createdAt, rhs.createdAt) : (lhs.lastActivityAt, rhs.lastActivityAt)
            return left != right ? left > right : lhs.id > rhs.id
        }
        return TicketPage(tickets: Array(sorted.dropFirst(query.offset).prefix(query.pageSize)), total: matching.count, query: query)
    }
}
