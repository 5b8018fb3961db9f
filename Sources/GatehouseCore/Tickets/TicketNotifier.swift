import Foundation

/// Something that happened to a ticket that people may hear of by email.
public enum TicketEvent: Sendable {
    /// A contact (or the API for them) opened a ticket: the agents hear of it.
    case opened(subject: String, by: Contact)
    /// The ticket's contact wrote again: the agents hear of it.
    case customerReplied(Ticket, by: Contact)
    /// An agent answered in public: every contact on the ticket hears of it. Internal notes are no event.
    case agentAnswered(TicketConversation, by: TicketMessage.Author)
}

/// Who a ticket write's emails go to, looked up by the store inside the write's transaction (with each
/// address's choices), so a reply pays no extra round trip to the database for them.
public struct MailRecipients: Sendable, Equatable {
    /// Every contact on the message's ticket…
    public var ticketContacts: Bool
    /// …these addresses…
    public var addresses: [EmailAddress]
    /// …and the members of this contact list (none when no list has the name),
    public var listMembers: String?
    /// but never the author: their contact and their address.
    public var exceptContact: Contact.ID?
    public var exceptAddress: EmailAddress?

    public init(
        ticketContacts: Bool = false, addresses: [EmailAddress] = [], listMembers: String? = nil, exceptContact: Contact.ID? = nil,
        exceptAddress: EmailAddress? = nil
    ) {
        self.ticketContacts = ticketContacts
        self.addresses = addresses
        self.listMembers = listMembers
        self.exceptContact = exceptContact
        self.exceptAddress = exceptAddress
    }

    public var isEmpty: Bool { !ticketContacts && addresses.isEmpty && listMembers == nil }

    /// The found addresses, once each in the order found, less the author's; those that unsubscribed from
    /// notifications dropped; each with its language.
    public func wanted(_ found: [EmailAddress], preferences: [EmailAddress: MailPreference]) -> [MailRecipient] {
        var seen: Set<EmailAddress> = exceptAddress.map { [$0] } ?? []
        return found.compactMap { address in
            guard seen.insert(address).inserted else { return nil }
            let preference = preferences[address] ?? MailPreference()
            return preference.wantsNotifications ? MailRecipient(address: address, language: preference.language) : nil
        }
    }
}

public struct MailRecipient: Sendable, Equatable {
    public var address: EmailAddress
    /// The address's language (en, fi, de), if one is known.
    public var language: String?

    public init(address: EmailAddress, language: String?) {
        self.address = address
        self.language = language
    }
}

/// The emails a ticket write queues, made inside the write's transaction once its message exists (a new
/// ticket has no number before) and its recipients are found, so the message and its emails are stored
/// together or not at all. `make` only fills in texts.
public struct TicketMail: Sendable {
    public var recipients: MailRecipients
    public var make: @Sendable (TicketMessage, [MailRecipient]) -> [OutboxMessage]
    /// The author's address and the language they wrote in, kept for the emails they get later (in the
    /// same transaction; written only when it changed).
    public var authorLanguage: (address: EmailAddress, language: String)?

    public init(
        recipients: MailRecipients, authorLanguage: (address: EmailAddress, language: String)? = nil,
        make: @escaping @Sendable (TicketMessage, [MailRecipient]) -> [OutboxMessage]
    ) {
        self.recipients = recipients
        self.make = make
        self.authorLanguage = authorLanguage
    }

    public static let none = TicketMail(recipients: MailRecipients()) { _, _ in [] }
}

/// Decides who hears of a ticket event and writes their emails (the app's is ``TicketService``'s
/// notifier; none in tests that do not care).
public protocol TicketNotifier: Sendable {
    func mail(for event: TicketEvent, authorLanguage: String?) async throws -> TicketMail
}

/// Queues nothing.
public struct SilentTicketNotifier: TicketNotifier {
    public init() {}

    public func mail(for event: TicketEvent, authorLanguage: String?) async throws -> TicketMail { .none }
}
