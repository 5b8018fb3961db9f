import Foundation
import GatehouseCore
import Testing

extension TicketRepositoryContractTests {
    @Test("A contact's list holds exactly the tickets associated with them", arguments: StoreKind.testedKinds)
    func customerListScoped(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let first = try await fixture.open("Ada 1", by: fixture.ada, at: Self.now)
            let second = try await fixture.open("Ada 2", by: fixture.ada, at: Self.now + 1)
            let graces = try await fixture.open("Grace 1", by: fixture.grace, at: Self.now + 2)
            #expect(try await fixture.list(fixture.ada) == [second.id, first.id])
            #expect(try await fixture.list(fixture.grace) == [graces.id])
            #expect(try await fixture.list(fixture.mallory) == [])
            #expect(try await fixture.tickets.customerTickets(fixture.visibility(fixture.mallory), query: TicketQuery()).total == 0)
            try await fixture.tickets.addContact(fixture.grace.id, to: first.id)
            #expect(try await fixture.list(fixture.grace) == [graces.id, first.id])
            #expect(try await fixture.tickets.customerTickets(fixture.visibility(fixture.grace), query: TicketQuery()).total == 2)
            #expect(try await fixture.list(fixture.ada) == [second.id, first.id])
            let page = try await fixture.tickets.customerTickets(fixture.visibility(fixture.ada), query: TicketQuery())
            #expect(page.tickets == [second, first])
        }
    }

    @Test("Another contact's ticket reads as nil, like a missing one", arguments: StoreKind.testedKinds)
    func foreignTicket(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let ticket = try await fixture.open("Ada's", by: fixture.ada)
            #expect(try await fixture.tickets.customerTicket(ticket.id, visibility: fixture.visibility(fixture.mallory)) == nil)
            #expect(try await fixture.tickets.customerTicket(ticket.id + 1, visibility: fixture.visibility(fixture.ada)) == nil)
            let own = try #require(try await fixture.tickets.customerTicket(ticket.id, visibility: fixture.visibility(fixture.ada)))
            #expect(own.ticket == ticket && own.contacts == [fixture.ada.id])
        }
    }

    @Test("A contact reads every public message (own, other contacts', agents') and never an internal note", arguments: StoreKind.testedKinds)
    func customerTicketMessages(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let ticket = try await fixture.open("Printer on fire", body: "It smokes.", by: fixture.ada)
            try await fixture.tickets.addContact(fixture.grace.id, to: ticket.id)
            try await fixture.append("Ours too", to: ticket, by: .contact(fixture.grace.id, name: "Grace"), at: Self.now + 1)
            try await fixture.append("Customer is on the zebra plan", to: ticket, kind: .internalNote, at: Self.now + 2)
            try await fixture.append("Technician is on the way", to: ticket, at: Self.now + 3)
            try await fixture.append(
                "Second note", to: ticket, by: .agent(fixture.mallory.id, name: "Mallory"), kind: .internalNote, at: Self.now + 4)
            let agentView = try #require(try await fixture.tickets.agentTicket(ticket.id))
            #expect(agentView.messages.count == 5)
            #expect(agentView.messages.filter { $0.kind == .internalNote }.map(\.body) == ["Customer is on the zebra plan", "Second note"])
            for reader in [fixture.ada, fixture.grace] {
                let conversation = try #require(try await fixture.tickets.customerTicket(ticket.id, visibility: fixture.visibility(reader)))
                #expect(conversation.messages == agentView.messages.filter { $0.kind == .publicMessage })
                #expect(conversation.messages.map(\.body) == ["It smokes.", "Ours too", "Technician is on the way"])
                #expect(conversation.contacts == [fixture.ada.id, fixture.grace.id])
                #expect(conversation.ticket == agentView.ticket)
            }
        }
    }

    @Test("The portal filter hides a contact's own ticket from the list and the ticket page", arguments: StoreKind.testedKinds)
    func portalFilterOnOwnTicket(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let billing = try await fixture.open("Invoice", by: fixture.ada, pipeline: "billing", priority: .high, at: Self.now)
            let support = try await fixture.open("Printer", by: fixture.ada, priority: nil, at: Self.now + 10)
            let low = try await fixture.open("Mouse", by: fixture.ada, priority: .low, at: Self.now + 20)
            func visible(_ id: Ticket.ID, _ filter: PortalTicketFilter) async throws -> Bool {
                try await fixture.tickets.customerTicket(id, visibility: fixture.visibility(fixture.ada, filter)) != nil
            }
            let onlySupport = PortalTicketFilter(pipelines: ["support"])
            #expect(try await fixture.list(fixture.ada, filter: onlySupport) == [low.id, support.id])
            #expect(try await !visible(billing.id, onlySupport))
            #expect(try await visible(support.id, onlySupport))
            let onlyHigh = PortalTicketFilter(priorities: [.high])
            #expect(try await fixture.list(fixture.ada, filter: onlyHigh) == [billing.id])
            // A ticket without a priority is outside any priority filter.
            #expect(try await !visible(support.id, onlyHigh))
            #expect(try await fixture.list(fixture.ada, filter: PortalTicketFilter(priorities: [.high, .low])) == [low.id, billing.id])
            let strictlyAfter = PortalTicketFilter(createdAfter: Self.now)
            #expect(try await fixture.list(fixture.ada, filter: strictlyAfter) == [low.id, support.id])
            #expect(try await !visible(billing.id, strictlyAfter))
            #expect(try await visible(support.id, strictlyAfter))
            let all = PortalTicketFilter(pipelines: ["support", "billing"], priorities: [.high, .low], createdAfter: Self.now - 1)
            #expect(try await fixture.list(fixture.ada, filter: all) == [low.id, billing.id])
            let total = try await fixture.tickets.customerTickets(fixture.visibility(fixture.ada, onlySupport), query: TicketQuery()).total
            #expect(total == 2)
            #expect(try await fixture.list(fixture.ada, filter: PortalTicketFilter(pipelines: ["sales"])) == [])
        }
    }

    @Test("The portal filter, status and search combine for a contact", arguments: StoreKind.testedKinds)
    func filtersCombine(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let open = try await fixture.open("Printer jammed", by: fixture.ada, priority: .high, at: Self.now)
            let closed = try await fixture.open(
                "Printer fixed", by: fixture.ada, stage: TicketFixture.stage("closed"), priority: .high, at: Self.now + 1)
            try await fixture.open("Printer billing", by: fixture.ada, pipeline: "billing", priority: .high, at: Self.now + 2)
            try await fixture.open("Printer of Grace", by: fixture.grace, priority: .high, at: Self.now + 3)
            let filter = PortalTicketFilter(pipelines: ["support"])
            let terms = TicketSearchTerms("printer")
            #expect(try await fixture.list(fixture.ada, TicketQuery(status: .all, search: terms), filter: filter) == [closed.id, open.id])
            #expect(try await fixture.list(fixture.ada, TicketQuery(status: .open, search: terms), filter: filter) == [open.id])
            #expect(try await fixture.list(fixture.ada, TicketQuery(status: .closed, search: terms), filter: filter) == [closed.id])
            let page = try await fixture.tickets.customerTickets(
                fixture.visibility(fixture.ada, filter), query: TicketQuery(search: terms, pageSize: 1))
            #expect(page.tickets.map(\.id) == [closed.id] && page.total == 2)
        }
    }
}
