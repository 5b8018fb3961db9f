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

/// The emails a ticket write queues, made inside the write's transaction once its message exists (a new
/// ticket has no number before), so the message and its emails are stored together or not at all.
/// Everything slow (recipients, their language and choices) was looked up before; `make` only fills in.
public struct TicketMail: Sendable {
    public var make: @Sendable (TicketMessage) -> [OutboxMessage]
    /// The author's address and the language they wrote in, kept for the emails they get later (in the
    /// same transaction; written only when it changed).
    public var authorLanguage: (address: EmailAddress, language: String)?

    public init(authorLanguage: (address: EmailAddress, language: String)? = nil, make: @escaping @Sendable (TicketMessage) -> [OutboxMessage]) {
        self.make = make
        self.authorLanguage = authorLanguage
    }

    public static let none = TicketMail { _ in [] }
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
