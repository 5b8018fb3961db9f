import Foundation
import GatehouseCore

/// Ticket reads and writes as `SQLiteTicketRepository` does them: customer reads through
/// ``TicketVisibility``, search through ``TicketSearchTerms/matches(_:)`` over the subject and public
/// messages, lists newest first with the id breaking ties.
extension InMemoryStorage.State {
    /// Stores a ticket as it is (any pipeline, stage, dates; a new id), associated with `contacts`, with
    /// no messages.
    public mutating func insertTicket(_ ticket: Ticket, contacts: Set<Contact.ID>) -> Ticket {
        var stored = ticket
        stored.id = nextTicketID
        nextTicketID += 1
        tickets[stored.id] = stored
        ticketContacts[stored.id] = contacts
        ticketMessages[stored.id] = []
        searchBodies[stored.id] = ""
        return stored
    }

    /// Stores a message and keeps the search text current; the ticket itself is the caller's to update.
    public mutating func insertMessage(_ new: NewTicketMessage) -> TicketMessage {
        let message = TicketMessage(id: nextMessageID, ticketID: new.ticketID, author: new.author, kind: new.kind, body: new.body, createdAt: new.at)
        nextMessageID += 1
        ticketMessages[new.ticketID, default: []].append(message)
        if new.kind == .publicMessage {
            let body = searchBodies[new.ticketID] ?? ""
            searchBodies[new.ticketID] = body.isEmpty ? new.body : body + "\n" + new.body
        }
        return message
    }

    /// Every message of every ticket, by id.
    public var allTicketMessages: [TicketMessage] {
        ticketMessages.values.flatMap { $0 }.sorted { $0.id < $1.id }
    }

    /// The ticket's contacts, by id.
    public func contacts(of ticket: Ticket.ID) -> [Contact.ID] {
        (ticketContacts[ticket] ?? []).sorted()
    }

    /// The ticket with every message, notes included.
    public func conversation(_ id: Ticket.ID) -> TicketConversation? {
        guard let ticket = tickets[id] else { return nil }
        return TicketConversation(ticket: ticket, messages: ticketMessages[id] ?? [], contacts: contacts(of: id))
    }

    /// One page of `candidates` after the status filter and search, sorted as the store sorts.
    public func page(of candidates: some Sequence<Ticket>, query: TicketQuery) -> TicketPage {
        let matching = candidates.filter { ticket in
            switch query.status {
            case .open where ticket.status != .open, .closed where ticket.status != .closed: return false
            default: break
            }
            guard let search = query.search else { return true }
            return search.matches(ticket.subject, searchBodies[ticket.id] ?? "")
        }
        let sorted = matching.sorted { lhs, rhs in
            let (left, right) = query.sort == .created ? (lhs.createdAt, rhs.createdAt) : (lhs.lastActivityAt, rhs.lastActivityAt)
            return left != right ? left > right : lhs.id > rhs.id
        }
        return TicketPage(tickets: Array(sorted.dropFirst(query.offset).prefix(query.pageSize)), total: matching.count, query: query)
    }
}

extension InMemoryStorage.State {
    /// A ticket write's emails and its author's language, in the write's critical section.
    mutating func queue(_ mail: TicketMail, for message: TicketMessage) {
        if let (address, language) = mail.authorLanguage {
            mailPreferences[address, default: MailPreference()].language = language
        }
        let selection = mail.recipients
        guard !selection.isEmpty else { return }
        var found: [EmailAddress] = []
        if selection.ticketContacts {
            found += contacts(of: message.ticketID).filter { $0 != selection.exceptContact }.compactMap { self.contacts[$0]?.email }
        }
        found += selection.addresses
        if let name = selection.listMembers, let list = list(named: name) {
            found += (listMembers[list.id] ?? []).filter { $0 != selection.exceptContact }.compactMap { self.contacts[$0]?.email }
                .sorted { $0.value < $1.value }
        }
        let recipients = selection.wanted(found, preferences: mailPreferences)
        guard !recipients.isEmpty else { return }
        outbox.append(contentsOf: mail.make(message, recipients))
    }
}
