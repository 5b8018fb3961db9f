import Foundation
import GatehouseCore

/// The app's ``TicketNotifier``: an agent's public answer goes to every contact on the ticket, a new
/// ticket and a customer's reply to the agents (`email.notifications.agents.address` and the members
/// of `email.notifications.agents.list`). Each email is written in its recipient's language and carries
/// a signed one-click unsubscribe link; an address that unsubscribed gets none (checked when the email
/// is queued and again by the worker before sending). The author of a message never gets an email
/// about it. With `email.transport: none` nothing is queued: the emails would otherwise wait in the
/// outbox and leave, long out of date, the day a transport is configured.
///
/// Nothing here reads the database: the store finds the recipients and their choices inside the
/// write's own transaction (``MailRecipients``), so a reply pays no extra round trip for its emails.
struct TicketMailer: TicketNotifier {
    let enabled: Bool
    /// Signs unsubscribe links (``MailPreferenceRepository/signingKey()``).
    let key: Data
    let settings: GatehouseConfiguration.Email.Notifications
    let portal: GatehouseConfiguration.Portal

    enum Kind: Sendable {
        case answered, opened, replied
    }

    func mail(for event: TicketEvent, authorLanguage: String?) async throws -> TicketMail {
        guard enabled else { return .none }
        let agents = MailRecipients(addresses: settings.agentsAddress.map { [$0] } ?? [], listMembers: settings.agentsList)
        switch event {
        case .opened(let subject, let contact):
            return mail(.opened, to: agents.except(contact), subject: subject, author: contact.name, email: contact.email, language: authorLanguage)
        case .customerReplied(let ticket, let contact):
            return mail(
                .replied, to: agents.except(contact), subject: ticket.subject, author: contact.name, email: contact.email, language: authorLanguage)
        case .agentAnswered(let conversation, let author):
            guard settings.customers else { return .none }
            return mail(
                .answered, to: MailRecipients(ticketContacts: true, exceptContact: author.contactID), subject: conversation.ticket.subject,
                author: author.name, email: nil, language: nil)
        }
    }

    /// The emails of one event, made in the write's transaction once the message (and so the ticket's
    /// number) and the recipients exist.
    private func mail(
        _ kind: Kind, to recipients: MailRecipients, subject: String, author: String, email: EmailAddress?, language: String?
    ) -> TicketMail {
        let authorLanguage = email.flatMap { address in language.map { (address: address, language: $0) } }
        let (portal, key) = (portal, key)
        return TicketMail(recipients: recipients, authorLanguage: authorLanguage) { message, recipients in
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
        _ kind: Kind, to recipient: MailRecipient, ticketID: Ticket.ID, subject: String, author: String, email: EmailAddress?, body: String,
        at: Date, portal: GatehouseConfiguration.Portal, key: Data
    ) -> OutboxMessage {
        let language = recipient.language.flatMap(Language.init(rawValue:)) ?? portal.defaultLanguage
        let texts = NotificationTexts.compiled[language]!
        let unsubscribe = portal.baseURL.url("/unsubscribe?token=" + UnsubscribeToken(address: recipient.address, key: key).value)
        let link = portal.baseURL.url(portal.path(kind == .answered ? "tickets/\(ticketID)" : "agent/tickets/\(ticketID)"))
        let values = [
            "id": String(ticketID), "subject": subject, "author": author, "email": email?.value ?? "", "message": body, "link": link,
            "unsubscribe": unsubscribe, "portal": portal.title,
        ]
        let (subjectTemplate, bodyTemplate) =
            switch kind {
            case .answered: (texts.answerSubject, texts.answerBody)
            case .opened: (texts.openedSubject, texts.openedBody)
            case .replied: (texts.repliedSubject, texts.repliedBody)
            }
        return OutboxMessage(
            recipient: recipient.address, subject: EmailTemplate.oneLine(subjectTemplate.render(values)), body: bodyTemplate.render(values),
            kind: .notification, language: language.rawValue, createdAt: at, unsubscribeURL: unsubscribe, threadID: "ticket-\(ticketID)")
    }
}

extension MailRecipients {
    /// These recipients without the contact who wrote.
    func except(_ contact: Contact) -> MailRecipients {
        var recipients = self
        recipients.exceptContact = contact.id
        recipients.exceptAddress = contact.email
        return recipients
    }
}
