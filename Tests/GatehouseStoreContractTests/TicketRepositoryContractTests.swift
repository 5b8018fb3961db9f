import Foundation
import GatehouseCore
import Testing

@Suite struct TicketRepositoryContractTests {
    static let now = contractNow
    static let support = TicketPipeline.support

    func stage(_ name: String) -> TicketPipeline.Stage { TicketFixture.stage(name) }

    @Test("Opening a ticket stores it, its first public message and its contact", arguments: StoreKind.testedKinds)
    func openTicket(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let ticket = try await fixture.open(
                "Printer on fire 🔥", body: "It smokes.\n\tBadly.", by: fixture.ada, priority: .high, category: "Hardware")
            #expect(
                ticket
                    == Ticket(
                        id: ticket.id, subject: "Printer on fire 🔥", pipeline: "support", stage: "new", status: .open, priority: .high,
                        category: "Hardware", createdAt: Self.now, lastActivityAt: Self.now))
            let conversation = try #require(try await fixture.tickets.agentTicket(ticket.id))
            #expect(conversation.ticket == ticket)
            #expect(conversation.contacts == [fixture.ada.id])
            #expect(conversation.messages.count == 1)
            let first = try #require(conversation.messages.first)
            #expect(
                first
                    == TicketMessage(
                        id: first.id, ticketID: ticket.id, author: .contact(fixture.ada.id, name: "Ada"), kind: .publicMessage,
                        body: "It smokes.\n\tBadly.", createdAt: Self.now))
            #expect(try await fixture.tickets.agentTicket(ticket.id + 1) == nil)
        }
    }

    @Test("Tickets keep their pipeline, stage, status, missing priority and category", arguments: StoreKind.testedKinds)
    func openVariants(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let closed = try await fixture.open("Old invoice", by: fixture.grace, pipeline: "billing", stage: stage("closed"), at: Self.now - 60)
            #expect(closed.pipeline == "billing" && closed.stage == "closed" && closed.status == .closed)
            #expect(closed.priority == nil && closed.category == nil && closed.createdAt == Self.now - 60)
            for priority in TicketPriority.allCases {
                let ticket = try await fixture.open("P \(priority)", by: fixture.ada, priority: priority)
                #expect(try await fixture.tickets.agentTicket(ticket.id)?.ticket.priority == priority)
            }
            #expect(try await fixture.tickets.agentTicket(closed.id)?.ticket == closed)
        }
    }

    @Test("Appending a message updates last activity and, when given, stage and status, in one go", arguments: StoreKind.testedKinds)
    func appendMessage(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let ticket = try await fixture.open("Printer on fire", by: fixture.ada, stage: stage("closed"))
            let later = Self.now + 600
            let message = try await fixture.append(
                "Still burning", to: ticket, by: .contact(fixture.ada.id, name: "Ada"), newStage: Self.support.reopenStage, at: later)
            #expect(
                message
                    == TicketMessage(
                        id: message.id, ticketID: ticket.id, author: .contact(fixture.ada.id, name: "Ada"), kind: .publicMessage,
                        body: "Still burning",
                        createdAt: later))
            let stored = try #require(try await fixture.tickets.agentTicket(ticket.id))
            #expect(stored.ticket.stage == "new" && stored.ticket.status == .open)
            #expect(stored.ticket.lastActivityAt == later && stored.ticket.createdAt == Self.now)
            #expect(stored.messages.last == message)
            let reply = try await fixture.append("On our way", to: ticket, at: later + 30)
            #expect(reply.author == TicketFixture.agent)
            #expect(try await fixture.tickets.agentTicket(ticket.id)?.ticket.stage == "new")
            #expect(try await fixture.tickets.agentTicket(ticket.id)?.messages.map(\.id) == stored.messages.map(\.id) + [reply.id])
        }
    }

    @Test("A note does not move last activity, but its stage change applies", arguments: StoreKind.testedKinds)
    func notes(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let ticket = try await fixture.open("Printer on fire", by: fixture.ada)
            let note = try await fixture.append(
                "internal", to: ticket, by: .agent(fixture.grace.id, name: "Grace"), kind: .internalNote, newStage: stage("waiting_on_us"),
                at: Self.now + 60)
            #expect(note.author == .agent(fixture.grace.id, name: "Grace") && note.kind == .internalNote)
            let stored = try #require(try await fixture.tickets.agentTicket(ticket.id))
            #expect(stored.ticket.lastActivityAt == Self.now)
            #expect(stored.ticket.stage == "waiting_on_us" && stored.ticket.status == .open)
            #expect(stored.messages.last == note)
            // A note without a stage leaves the ticket as it was.
            let second = try await fixture.append("still internal", to: ticket, kind: .internalNote, at: Self.now + 90)
            #expect(try await fixture.tickets.agentTicket(ticket.id)?.ticket == stored.ticket)
            let closing = try await fixture.append("Fixed.", to: ticket, newStage: stage("closed"), at: Self.now + 120)
            let closed = try #require(try await fixture.tickets.agentTicket(ticket.id))
            #expect(closed.ticket.status == .closed && closed.ticket.lastActivityAt == Self.now + 120)
            #expect(closed.messages.map(\.id) == [stored.messages[0].id, note.id, second.id, closing.id])
        }
    }

    @Test("Appending to a missing ticket is StoreError.notFound and stores nothing", arguments: StoreKind.testedKinds)
    func appendToMissingTicket(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let ticket = try await fixture.open("Printer on fire", by: fixture.ada)
            await expectStoreError(.notFound) {
                try await fixture.tickets.appendMessage(
                    NewTicketMessage(ticketID: ticket.id + 42, author: TicketFixture.agent, kind: .publicMessage, body: "x", at: Self.now))
            }
            #expect(try await fixture.tickets.agentTicket(ticket.id + 42) == nil)
            #expect(try await fixture.tickets.agentTickets(query: TicketQuery()).total == 1)
        }
    }

    @Test("setStage moves a ticket and its last activity; a missing ticket is StoreError.notFound", arguments: StoreKind.testedKinds)
    func setStage(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let ticket = try await fixture.open("Printer on fire", by: fixture.ada)
            try await fixture.tickets.setStage(ticket.id, stage: stage("closed"), at: Self.now + 60)
            var expected = ticket
            (expected.stage, expected.status, expected.lastActivityAt) = ("closed", .closed, Self.now + 60)
            #expect(try await fixture.tickets.agentTicket(ticket.id)?.ticket == expected)
            try await fixture.tickets.setStage(ticket.id, stage: stage("waiting_on_contact"), at: Self.now + 120)
            (expected.stage, expected.status, expected.lastActivityAt) = ("waiting_on_contact", .open, Self.now + 120)
            #expect(try await fixture.tickets.agentTicket(ticket.id)?.ticket == expected)
            #expect(try await fixture.tickets.agentTicket(ticket.id)?.messages.count == 1)
            await expectStoreError(.notFound) { try await fixture.tickets.setStage(ticket.id + 999, stage: stage("closed"), at: Self.now) }
        }
    }

    @Test("addContact associates a contact once; the contacts read back by id", arguments: StoreKind.testedKinds)
    func addContact(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let ticket = try await fixture.open("Printer on fire", by: fixture.mallory)
            try await fixture.tickets.addContact(fixture.ada.id, to: ticket.id)
            try await fixture.tickets.addContact(fixture.ada.id, to: ticket.id)
            try await fixture.tickets.addContact(fixture.mallory.id, to: ticket.id)
            #expect(try await fixture.tickets.agentTicket(ticket.id)?.contacts == [fixture.ada.id, fixture.mallory.id])
            #expect(try await fixture.list(fixture.ada) == [ticket.id])
            #expect(
                try await fixture.tickets.customerTicket(ticket.id, visibility: fixture.visibility(fixture.ada))?.contacts == [
                    fixture.ada.id, fixture.mallory.id,
                ])
        }
    }
}
