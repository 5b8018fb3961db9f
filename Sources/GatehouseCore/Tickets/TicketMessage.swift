import Foundation

/// One entry of a ticket's conversation.
public struct TicketMessage: Sendable, Equatable, Identifiable {
    public typealias ID = Int64

    public enum Kind: String, Sendable, Codable {
        /// Seen by the ticket's contacts and by agents.
        case publicMessage = "public"
        /// Seen by agents only, never by a contact (not in pages, search or the API's customer views).
        case internalNote = "note"
    }

    public enum Author: Sendable, Equatable {
        case contact(Contact.ID, name: String)
        /// An agent (a portal contact with the agent role) or an API token acting for the help desk.
        case agent(Contact.ID?, name: String)

        public var name: String {
            switch self {
            case .contact(_, let name), .agent(_, let name): name
            }
        }

        /// The contact who wrote, when there is one (an API token is none).
        public var contactID: Contact.ID? {
            switch self {
            case .contact(let id, _): id
            case .agent(let id, _): id
            }
        }

        public var isAgent: Bool {
            if case .agent = self { return true }
            return false
        }
    }

    public var id: ID
    public var ticketID: Ticket.ID
    public var author: Author
    public var kind: Kind
    public var body: String
    public var createdAt: Date

    public init(id: ID, ticketID: Ticket.ID, author: Author, kind: Kind, body: String, createdAt: Date) {
        self.id = id
        self.ticketID = ticketID
        self.author = author
        self.kind = kind
        self.body = body
        self.createdAt = createdAt
    }
}

/// A ticket with the part of its conversation the reader may see, oldest first.
public struct TicketConversation: Sendable, Equatable {
    public var ticket: Ticket
    public var messages: [TicketMessage]
    /// The contacts associated with the ticket.
    public var contacts: [Contact.ID]

    public init(ticket: Ticket, messages: [TicketMessage], contacts: [Contact.ID]) {
        self.ticket = ticket
        self.messages = messages
        self.contacts = contacts
    }
}
