import Foundation
import GatehouseCore
import Logging

/// The app's ``TicketNotifier``: an agent's public answer goes to every contact on the ticket, a new
/// ticket and a customer's reply to the agents (`email.notifications.agents.address` and the members
/// of `email.notifications.agents.list`). Each email is written in its recipient's language and carries
/// a signed one-click unsubscribe link; an address that unsubscribed gets none (checked here and again
/// by the worker before sending). The author of a message never gets an email about it. With
/// `email.transport: none` nothing is queued: the emails would otherwise wait in the outbox and leave,
/// long out of date, the day a transport is configured.
struct TicketMailer: TicketNotifier {
    let enabled: Bool
    let contacts: any ContactRepository
    let lists: any ContactListRepository
    let preferences: any MailPreferenceRepository
    /// Signs unsubscribe links (``MailPreferenceRepository/signingKey()``).
    let key: Data
    let settings: GatehouseConfiguration.Email.Notifications
    let portal: GatehouseConfiguration.Portal
    let logger: Logger

    struct Recipient: Sendable {
        var address: EmailAddress
        var language: Language
    }

    enum Kind {
        case answered, opened, replied
    }

    func mail(for event: TicketEvent, authorLanguage: String?) async throws -> TicketMail {
        guard enabled else { return .none }
        switch event {
        case .opened(let subject, let contact):
            let recipients = try await agents(excluding: contact.email)
            return mail(.opened, to: recipients, subject: subject, author: contact.name, email: contact.email, remember: (contact, authorLanguage))
        case .customerReplied(let ticket, let contact):
            let recipients = try await agents(excluding: contact.email)
            return mail(
                .replied, to: recipients, subject: ticket.subject, author: contact.name, email: contact.email, remember: (contact, authorLanguage))
        case .agentAnswered(let conversation, let author):
            guard settings.customers else { return .none }
            var addresses: [EmailAddress] = []
            for id in conversation.contacts where id != author.contactID {
                if let contact = try await contacts.contact(id: id) { addresses.append(contact.email) }
            }
            return mail(
                .answered, to: try await wanting(addresses), subject: conversation.ticket.subject, author: author.name, email: nil, remember: nil)
        }
    }

    /// The emails of one event, made once the message (and so the ticket's number) exists.
    private func mail(
        _ kind: Kind, to recipients: [Recipient], subject: String, author: String, email: EmailAddress?, remember: (Contact, String?)?
    ) -> TicketMail {
        let authorLanguage = remember.flatMap { contact, language in language.map { (address: contact.email, language: $0) } }
        guard !recipients.isEmpty else { return authorLanguage.map { TicketMail(authorLanguage: $0) { _ in [] } } ?? .none }
        let portal = portal
        let key = key
        return TicketMail(authorLanguage: authorLanguage) { message in
            // Only a public message is ever told to a contact, whatever the caller asked.
            guard kind != .answered || message.kind == .publicMessage else { return [] }
            return recipients.map { recipient in
                Self.email(
                    kind, to: recipient, ticketID: message.ticketID, subject: subject, author: author, email: email, body: message.body,
                    at: message.createdAt, portal: portal, key: key)
            }
        }
    }

    static func email(
        _ kind: Kind, to recipient: Recipient, ticketID: Ticket.ID, subject: String, author: String, email: EmailAddress?, body: String, at: Date,
        portal: GatehouseConfiguration.Portal, key: Data
    ) -> OutboxMessage {
        let texts = NotificationTexts.of(recipient.language)
        let unsubscribe = portal.baseURL.url("/unsubscribe?token=" + UnsubscribeToken(address: recipient.address, key: key).value)
        let link = portal.baseURL.url(portal.path(kind == .answered ? "tickets/\(ticketID)" : "agent/tickets/\(ticketID)"))
        let values = [
            "{{id}}": String(ticketID), "{{subject}}": subject, "{{author}}": author, "{{email}}": email?.value ?? "", "{{message}}": body,
            "{{link}}": link, "{{unsubscribe}}": unsubscribe, "{{portal}}": portal.title,
        ]
        let (subjectTemplate, bodyTemplate) =
            switch kind {
            case .answered: (texts.answerSubject, texts.answerBody)
            case .opened: (texts.openedSubject, texts.openedBody)
            case .replied: (texts.repliedSubject, texts.repliedBody)
            }
        return OutboxMessage(
            recipient: recipient.address, subject: EmailTemplate.oneLine(EmailTemplate.fill(subjectTemplate, values)),
            body: EmailTemplate.fill(bodyTemplate, values), kind: .notification, language: recipient.language.rawValue, createdAt: at,
            unsubscribeURL: unsubscribe, threadID: "ticket-\(ticketID)")
    }

    /// The agents' address and list members, without the author and without duplicates.
    private func agents(excluding author: EmailAddress) async throws -> [Recipient] {
        var addresses: [EmailAddress] = []
        if let address = settings.agentsAddress { addresses.append(address) }
        if let name = settings.agentsList {
            if let list = try await lists.list(named: name) {
                addresses += try await lists.members(of: list.id).map(\.email)
            } else {
                logger.warning("email.notifications.agents.list names no list", metadata: ["list": "\(name)"])
            }
        }
        var seen: Set<EmailAddress> = [author]
        return try await wanting(addresses.filter { seen.insert($0).inserted })
    }

    /// Those of `addresses` that did not unsubscribe, each with their language.
    private func wanting(_ addresses: [EmailAddress]) async throws -> [Recipient] {
        guard !addresses.isEmpty else { return [] }
        let found = try await preferences.preferences(of: addresses)
        return addresses.compactMap { address in
            let preference = found[address] ?? MailPreference()
            guard preference.wantsNotifications else { return nil }
            return Recipient(address: address, language: preference.language.flatMap(Language.init(rawValue:)) ?? portal.defaultLanguage)
        }
    }
}
