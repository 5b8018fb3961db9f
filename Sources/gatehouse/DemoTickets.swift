import Foundation
import GatehouseApp
import GatehouseCore

/// Demo tickets, so the quick start shows a populated portal: the demo customer's tickets in every
/// status with agent answers and internal notes (which the customer must never see), a few shared
/// with a colleague, and a stranger's tickets the demo customer must not see either.
struct DemoTickets {
    let dependencies: AppDependencies

    static let subjects = [
        "Printer on floor 3 prints blank pages", "Cannot sign in to the billing dashboard", "Invoice 2026-114 shows the wrong VAT rate",
        "Export to CSV times out", "Request: add a second admin to our account", "Password reset email never arrives",
        "API returns 429 during the nightly sync", "Dark mode makes the charts unreadable", "How do I change our company address?",
        "Mobile app crashes when uploading a photo", "Webhook deliveries are delayed by an hour", "Please close our old test workspace",
        "Single sign-on with Entra ID fails for new users", "Monthly report is missing the March data", "Can we get the contract in Finnish?",
        "Search does not find tickets by number", "Calendar invites arrive in the wrong time zone", "Printer driver for macOS 15",
        "Two-factor codes are rejected", "Feature request: bulk archive", "Attachments over 10 MB fail", "Shipping label prints cut off",
        "Refund for the duplicate charge in October", "Our SSO certificate expires next week", "Slow dashboard since the last update",
        "User limit reached although we removed users", "Audit log export is empty", "Price list PDF has broken umlauts",
    ]

    /// Another customer's problems, worded unlike any of the demo customer's (tests look for leaks by subject).
    static let strangerSubjects = [
        "Warehouse label printer shows error E42", "Our VPN drops every hour", "Need a copy of the 2025 framework contract",
        "Fax gateway stopped forwarding", "Replace the broken headset in room 12",
    ]

    static let replies = [
        "Thanks for the details. We can reproduce this and are working on a fix.", "Could you tell us which browser and version you use?",
        "This is fixed in today's release. Could you check again?", "We have forwarded this to the billing team.",
        "Here is a workaround until the fix is deployed: sign out and back in.",
    ]

    static let customerFollowUps = [
        "It happens every time, on Chrome and Firefox.", "Thank you, that works now!", "Still the same after the update, unfortunately.",
        "Attached the screenshot you asked for (see the previous message).",
    ]

    static let notes = [
        "Internal: customer is on the enterprise plan, priority support applies.", "Internal: linked to engineering issue ENG-4412.",
        "Internal: do not promise a date yet.",
    ]

    /// Seeds the tickets when the demo customer has none yet.
    func run(customer: Contact, colleague: Contact, stranger: Contact, agent: Contact) async throws -> Int {
        let existing = try await dependencies.tickets.tickets(of: customer, query: TicketQuery(pageSize: 1))
        guard existing.total == 0 else { return 0 }
        let store = dependencies.ticketStore
        let settings = dependencies.configuration.tickets
        guard let pipeline = settings.pipeline(named: settings.portalPipeline) else { return 0 }
        let now = dependencies.clock.now
        var created = 0
        let count = 40
        for index in 0..<count {
            let owner = index % 9 == 8 ? stranger : customer
            let subject =
                owner.id == stranger.id
                ? Self.strangerSubjects[(index / 9) % Self.strangerSubjects.count]
                : Self.subjects[index % Self.subjects.count] + (index >= Self.subjects.count ? " (again)" : "")
            let opened = now.addingTimeInterval(-Double(count - index) * 1.7 * 86_400)
            let ticket = try await store.openTicket(
                NewTicket(
                    subject: subject, body: "Hello,\n\n\(subject). \(Self.customerFollowUps[index % Self.customerFollowUps.count])\n\nBest regards",
                    contact: owner, pipeline: pipeline.name, stage: pipeline.initialStage,
                    priority: TicketPriority.allCases[index % TicketPriority.allCases.count], category: nil, at: opened))
            created += 1
            if owner.id == customer.id, index % 5 == 1 { try await store.addContact(colleague.id, to: ticket.id) }
            var at = opened
            for step in 0..<(index % 4 + 1) {
                at = at.addingTimeInterval(3_600 * Double(step + 3))
                guard at < now else { break }
                let agentTurn = step % 2 == 0
                _ = try await store.appendMessage(
                    NewTicketMessage(
                        ticketID: ticket.id, author: agentTurn ? .agent(agent.id, name: agent.name) : .contact(owner.id, name: owner.name),
                        kind: .publicMessage,
                        body: agentTurn
                            ? Self.replies[(index + step) % Self.replies.count]
                            : Self.customerFollowUps[(index + step) % Self.customerFollowUps.count],
                        at: at))
                if agentTurn, (index + step) % 3 == 0 {
                    _ = try await store.appendMessage(
                        NewTicketMessage(
                            ticketID: ticket.id, author: .agent(agent.id, name: agent.name), kind: .internalNote,
                            body: Self.notes[index % Self.notes.count],
                            at: at.addingTimeInterval(60)))
                }
            }
            if index % 3 == 0, let closed = pipeline.stages.last(where: { $0.status == .closed }) {
                try await store.setStage(ticket.id, stage: closed, at: min(at.addingTimeInterval(7_200), now))
            } else if index % 3 == 1, pipeline.stages.count > 2 {
                try await store.setStage(ticket.id, stage: pipeline.stages[2], at: min(at.addingTimeInterval(600), now))
            }
        }
        return created
    }
}
