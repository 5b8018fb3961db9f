import Foundation
import GatehouseCore
import Testing

extension TicketRepositoryContractTests {
    @Test("The status filter keeps open, closed or all tickets, for contacts and agents", arguments: StoreKind.testedKinds)
    func statusFilter(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let open = try await fixture.open("Open", by: fixture.ada, at: Self.now)
            let waiting = try await fixture.open("Waiting", by: fixture.ada, stage: stage("waiting_on_contact"), at: Self.now + 1)
            let closed = try await fixture.open("Closed", by: fixture.ada, stage: stage("closed"), at: Self.now + 2)
            let graces = try await fixture.open("Grace's", by: fixture.grace, stage: stage("closed"), at: Self.now + 3)
            #expect(try await fixture.list(fixture.ada, TicketQuery(status: .open)) == [waiting.id, open.id])
            #expect(try await fixture.list(fixture.ada, TicketQuery(status: .closed)) == [closed.id])
            #expect(try await fixture.list(fixture.ada, TicketQuery(status: .all)) == [closed.id, waiting.id, open.id])
            #expect(try await fixture.tickets.customerTickets(fixture.visibility(fixture.ada), query: TicketQuery(status: .open)).total == 2)
            let agentClosed = try await fixture.tickets.agentTickets(query: TicketQuery(status: .closed))
            #expect(agentClosed.tickets.map(\.id) == [graces.id, closed.id] && agentClosed.total == 2)
            #expect(try await fixture.tickets.agentTickets(query: TicketQuery(status: .open)).tickets.map(\.id) == [waiting.id, open.id])
            #expect(try await fixture.tickets.agentTickets(query: TicketQuery(status: .all)).total == 4)
            // A reopened ticket moves back into the open list.
            try await fixture.append("Again", to: closed, newStage: TicketFixture.support.reopenStage, at: Self.now + 10)
            #expect(try await fixture.list(fixture.ada, TicketQuery(status: .open)) == [closed.id, waiting.id, open.id])
        }
    }

    @Test("Lists sort by last activity or by creation, newest first, the id breaking ties", arguments: StoreKind.testedKinds)
    func sorts(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let first = try await fixture.open("First", by: fixture.ada, at: Self.now)
            let second = try await fixture.open("Second", by: fixture.ada, at: Self.now + 60)
            let third = try await fixture.open("Third", by: fixture.ada, at: Self.now + 60)
            try await fixture.append("Bump", to: first, at: Self.now + 3_600)
            #expect(try await fixture.list(fixture.ada, TicketQuery(sort: .lastActivity)) == [first.id, third.id, second.id])
            #expect(try await fixture.list(fixture.ada, TicketQuery(sort: .created)) == [third.id, second.id, first.id])
            #expect(
                try await fixture.tickets.agentTickets(query: TicketQuery(sort: .lastActivity)).tickets.map(\.id) == [first.id, third.id, second.id])
            #expect(try await fixture.tickets.agentTickets(query: TicketQuery(sort: .created)).tickets.map(\.id) == [third.id, second.id, first.id])
            // Searches keep the order.
            let everyTicket = TicketSearchTerms("please")
            #expect(try await fixture.list(fixture.ada, TicketQuery(search: everyTicket, sort: .created)) == [third.id, second.id, first.id])
            #expect(
                try await fixture.tickets.agentTickets(query: TicketQuery(search: everyTicket, sort: .lastActivity)).tickets.map(\.id)
                    == [first.id, third.id, second.id])
        }
    }

    @Test("Paging: pages of the requested size, the total of all pages, an empty page past the end", arguments: StoreKind.testedKinds)
    func paging(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            var opened: [Ticket.ID] = []
            for index in 0..<30 {
                opened.append(try await fixture.open("Ticket \(index)", by: fixture.ada, at: Self.now + Double(index)).id)
            }
            let graces = try await fixture.open("Grace's", by: fixture.grace, at: Self.now + 100)
            let newestFirst = Array(opened.reversed())
            func page(_ query: TicketQuery) async throws -> TicketPage {
                try await fixture.tickets.customerTickets(fixture.visibility(fixture.ada), query: query)
            }
            let first = try await page(TicketQuery(page: 1))
            #expect(first.tickets.map(\.id) == Array(newestFirst.prefix(25)))
            #expect(first.total == 30 && first.pageCount == 2 && first.query == TicketQuery(page: 1))
            let second = try await page(TicketQuery(page: 2))
            #expect(second.tickets.map(\.id) == Array(newestFirst.dropFirst(25)) && second.total == 30)
            let past = try await page(TicketQuery(page: 3))
            #expect(past.tickets.isEmpty && past.total == 30)
            #expect(try await fixture.list(fixture.ada, TicketQuery(page: 4, pageSize: 7)) == Array(newestFirst[21..<28]))
            #expect(try await page(TicketQuery(page: TicketQuery.maximumPage)).tickets.isEmpty)
            let agents = try await fixture.tickets.agentTickets(query: TicketQuery(page: 2, pageSize: 10))
            #expect(agents.total == 31)
            #expect(agents.tickets.map(\.id) == Array(([graces.id] + newestFirst)[10..<20]))
            let searched = try await page(TicketQuery(search: TicketSearchTerms("ticket"), page: 3, pageSize: 12))
            #expect(searched.tickets.map(\.id) == Array(newestFirst[24..<30]) && searched.total == 30)
            let agentSearched = try await fixture.tickets.agentTickets(query: TicketQuery(search: TicketSearchTerms("ticket 2"), pageSize: 5))
            #expect(agentSearched.total == 1 && agentSearched.tickets.map(\.id) == [opened[2]])
        }
    }
}
