import Foundation
import GatehouseCore
import Testing

/// Each store states ``TicketVisibility`` and ``TicketSearchTerms`` a second time, in its own SQL and
/// full-text index; these tests generate data, filters and queries from a fixed seed and check that what
/// the store returns is what the domain rules give.
extension TicketRepositoryContractTests {
    static let pipelineNames = ["support", "billing", "sales"]
    static let vocabulary = [
        "printer", "imprimante", "café", "crème", "naïve", "toner", "réseau", "résumé", "resume", "login", "Ärger", "zebra", "a",
    ]
    static let searches = [
        "printer", "imp", "cafe", "CAFÉ", "crème", "creme", "naive", "reseau", "res", "résumé", "log", "login toner", "zeb", "arger", "nothing", "a",
        "a printer",
    ]

    static func words(_ count: Int, using random: inout SplitMix64) -> String {
        (0..<count).map { _ in vocabulary.randomElement(using: &random)! }.joined(separator: " ")
    }

    static func randomFilter(using random: inout SplitMix64) -> PortalTicketFilter {
        var filter = PortalTicketFilter()
        if Int.random(in: 0..<3, using: &random) == 0 {
            filter.pipelines = Set((pipelineNames + ["archived"]).filter { _ in Bool.random(using: &random) })
        }
        if Int.random(in: 0..<3, using: &random) == 0 {
            filter.priorities = Set(TicketPriority.allCases.filter { _ in Bool.random(using: &random) })
        }
        if Int.random(in: 0..<3, using: &random) == 0 {
            // Whole hours, as tickets are created on the hour: some tickets sit exactly on the bound.
            filter.createdAfter = now + Double(Int.random(in: -1...40, using: &random)) * 3_600
        }
        return filter
    }

    static func randomQuery(using random: inout SplitMix64) -> TicketQuery {
        TicketQuery(
            status: TicketQuery.StatusFilter.allCases.randomElement(using: &random)!,
            search: Bool.random(using: &random) ? TicketSearchTerms(searches.randomElement(using: &random)!) : nil,
            sort: TicketQuery.Sort.allCases.randomElement(using: &random)!, page: Int.random(in: 1...3, using: &random),
            pageSize: Int.random(in: 1...40, using: &random))
    }

    /// The page the domain rules give, computed in Swift over every ticket; `nil` visibility is an agent's.
    static func expectedPage(_ conversations: [TicketConversation], _ visibility: TicketVisibility?, _ query: TicketQuery) -> TicketPage {
        let matching = conversations.filter { conversation in
            let ticket = conversation.ticket
            if let visibility, !visibility.admits(ticket, associatedWith: conversation.contacts) { return false }
            if query.status != .all, ticket.status.rawValue != query.status.rawValue { return false }
            guard let search = query.search else { return true }
            let publicBodies = conversation.messages.filter { $0.kind == .publicMessage }.map(\.body)
            return search.matches(([ticket.subject] + publicBodies).joined(separator: "\n"))
        }.map(\.ticket)
        let sorted = matching.sorted { lhs, rhs in
            let (left, right) = query.sort == .created ? (lhs.createdAt, rhs.createdAt) : (lhs.lastActivityAt, rhs.lastActivityAt)
            return left != right ? left > right : lhs.id > rhs.id
        }
        return TicketPage(tickets: Array(sorted.dropFirst(query.offset).prefix(query.pageSize)), total: matching.count, query: query)
    }

    /// 300 tickets of six contacts, some shared, with public replies, notes and stage changes.
    static func randomTickets(in repositories: Repositories, using random: inout SplitMix64) async throws -> ([Contact], [TicketConversation]) {
        var contacts: [Contact] = []
        for index in 0..<6 { contacts.append(try await repositories.newContact("contact\(index)@example.com", name: "Contact \(index)")) }
        let priorities: [TicketPriority?] = [nil] + TicketPriority.allCases
        var conversations: [TicketConversation] = []
        for _ in 0..<300 {
            let opener = contacts.randomElement(using: &random)!
            let createdAt = now + Double(Int.random(in: 0..<40, using: &random)) * 3_600
            let ticket = try await repositories.tickets.openTicket(
                NewTicket(
                    subject: words(2, using: &random), body: words(3, using: &random), contact: opener,
                    pipeline: pipelineNames.randomElement(using: &random)!, stage: support.stages.randomElement(using: &random)!,
                    priority: priorities.randomElement(using: &random)!, category: nil, at: createdAt))
            for other in contacts where other.id != opener.id && Int.random(in: 0..<8, using: &random) == 0 {
                try await repositories.tickets.addContact(other.id, to: ticket.id)
            }
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let kind: TicketMessage.Kind = Int.random(in: 0..<3, using: &random) == 0 ? .internalNote : .publicMessage
                let newStage = Int.random(in: 0..<4, using: &random) == 0 ? support.stages.randomElement(using: &random) : nil
                _ = try await repositories.tickets.appendMessage(
                    NewTicketMessage(
                        ticketID: ticket.id, author: TicketFixture.agent, kind: kind, body: words(2, using: &random), newStage: newStage,
                        at: createdAt + Double(Int.random(in: 1...600, using: &random)) * 60))
            }
            conversations.append(try #require(try await repositories.tickets.agentTicket(ticket.id)))
        }
        return (contacts, conversations)
    }

    @Test(
        "Portal filter, status, search, sort and paging agree with TicketVisibility and TicketSearchTerms on 300 random tickets",
        arguments: StoreKind.testedKinds)
    func storeAgreesWithDomainRules(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            var random = SplitMix64(seed: 0x7469_636B_6574)
            let (contacts, conversations) = try await Self.randomTickets(in: repositories, using: &random)
            let tickets = repositories.tickets
            var nonEmptyPages = 0
            var visibleTickets = 0
            for _ in 0..<60 {
                let filter = Self.randomFilter(using: &random)
                for contact in contacts {
                    let visibility = TicketVisibility(contactID: contact.id, filter: filter)
                    var everything = Self.randomQuery(using: &random)
                    (everything.page, everything.pageSize) = (1, 100)
                    for query in [Self.randomQuery(using: &random), everything] {
                        let actual = try await tickets.customerTickets(visibility, query: query)
                        let expected = Self.expectedPage(conversations, visibility, query)
                        #expect(actual.tickets == expected.tickets, "filter \(filter), contact \(contact.id), query \(query)")
                        #expect(actual.total == expected.total, "filter \(filter), contact \(contact.id), query \(query)")
                        if !expected.tickets.isEmpty { nonEmptyPages += 1 }
                    }
                    for _ in 0..<5 {
                        let conversation = conversations.randomElement(using: &random)!
                        let actual = try await tickets.customerTicket(conversation.ticket.id, visibility: visibility)
                        #expect(actual == visibility.view(conversation), "filter \(filter), contact \(contact.id), ticket \(conversation.ticket.id)")
                        if actual != nil { visibleTickets += 1 }
                    }
                }
                let query = Self.randomQuery(using: &random)
                let actual = try await tickets.agentTickets(query: query)
                let expected = Self.expectedPage(conversations, nil, query)
                #expect(actual.tickets == expected.tickets && actual.total == expected.total, "agent query \(query)")
            }
            // The comparison is only worth something if the rules let a fair share of tickets through.
            #expect(nonEmptyPages > 200)
            #expect(visibleTickets > 50)
        }
    }
}
