import Foundation

/// What a contact may see in the portal — the one place that says so:
/// - exactly the tickets the contact is associated with,
/// - of those, only the ones inside the admin's portal filter (pipelines, priorities, created after),
/// - on those, every public message (their own, other associated contacts' and agents'), never a note.
/// A ticket outside this set is treated exactly like one that does not exist.
///
/// The store translates the same rules to SQL (``TicketQuery``); unit tests check both agree.
public struct TicketVisibility: Sendable, Equatable {
    public var contactID: Contact.ID
    public var filter: PortalTicketFilter

    public init(contactID: Contact.ID, filter: PortalTicketFilter) {
        self.contactID = contactID
        self.filter = filter
    }

    public func admits(_ ticket: Ticket, associatedWith contacts: some Sequence<Contact.ID>) -> Bool {
        contacts.contains(contactID) && filter.admits(ticket)
    }

    public func visibleMessages(_ messages: [TicketMessage]) -> [TicketMessage] {
        messages.filter { $0.kind == .publicMessage }
    }

    /// The conversation as this contact may see it, or `nil` when the ticket is not theirs to see.
    public func view(_ conversation: TicketConversation) -> TicketConversation? {
        guard admits(conversation.ticket, associatedWith: conversation.contacts) else { return nil }
        var visible = conversation
        visible.messages = visibleMessages(conversation.messages)
        return visible
    }
}

/// The admin's restriction of what the portal shows (config `tickets.portal_filter.*`); empty sets
/// mean "no restriction".
public struct PortalTicketFilter: Sendable, Equatable {
    public var pipelines: Set<String>
    public var priorities: Set<TicketPriority>
    public var createdAfter: Date?

    public init(pipelines: Set<String> = [], priorities: Set<TicketPriority> = [], createdAfter: Date? = nil) {
        self.pipelines = pipelines
        self.priorities = priorities
        self.createdAfter = createdAfter
    }

    public static let none = PortalTicketFilter()

    public func admits(_ ticket: Ticket) -> Bool {
        if !pipelines.isEmpty, !pipelines.contains(ticket.pipeline) { return false }
        if !priorities.isEmpty {
            // A ticket without a priority is outside a priority filter.
            guard let priority = ticket.priority, priorities.contains(priority) else { return false }
        }
        if let createdAfter, ticket.createdAt <= createdAfter { return false }
        return true
    }
}
