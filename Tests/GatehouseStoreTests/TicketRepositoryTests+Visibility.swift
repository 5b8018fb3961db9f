import Foundation
import GatehouseCore
import GatehouseStore
import Testing

/// The store states ``TicketVisibility`` and ``TicketSearchTerms`` a second time, in SQL and FTS5; these
/// tests generate data and filters from a fixed seed and check both statements agree.
extension TicketRepositoryTests {
    static let pipelineNames = ["support", "billing", "sales"]
    static let vocabulary = ["printer", "imprimante", "café", "crème", "naïve", "toner", "réseau", "résumé", "resume", "login", "Ärger", "zebra"]
    static let searches = [
        "printer", "imp", "cafe", "CAFÉ", "crème", "creme", "naive", "reseau", "res", "résumé", "log", "login toner", "zeb", "arger", "nothing",
    ]

    /// A few words of the vocabulary, so searches find something.
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

    /// The page the domain rules give, computed in Swift over every ticket.
    static func expectedPage(_ conversations: [TicketConversation], _ visibility: TicketVisibility, _ query: TicketQuery) -> TicketPage {
        let matching = conversations.filter { conversation in
            let ticket = conversation.ticket
            guard visibility.admits(ticket, associatedWith: conversation.contacts) else { return false }
            if query.status != .all, ticket.status.rawValue != query.status.rawValue { return false }
            guard let search = query.search else { return true }
            return search.matches(([ticket.subject] + visibility.visibleMessages(conversation.messages).map(\.body)).joined(separator: "\n"))
        }.map(\.ticket)
        let sorted = matching.sorted { lhs, rhs in
            let (left, right) = query.sort == .created ? (lhs.createdAt, rhs.createdAt) : (lhs.lastActivityAt, rhs.lastActivityAt)
            return left != right ? left > right : lhs.id > rhs.id
        }
        return TicketPage(tickets: Array(sorted.dropFirst(query.offset).prefix(query.pageSize)), total: matching.count, query: query)
    }

    @Test("Portal filter, status and search in SQL agree with TicketVisibility and TicketSearchTerms on 300 random tickets")
    func sqlAgreesWithVisibility() async throws {
        var random = SplitMix64(seed: 0x7469_636B_6574)
        let database = try AppDatabase.temporary()
        let repository = SQLiteTicketRepository(database)
        let contactRepository = SQLiteContactRepository(database)
        var contacts: [Contact] = []
        for index in 0..<6 {
            contacts.append(
                try await contactRepository.createContact(
                    email: .init("contact\(index)@example.com")!, name: "Contact \(index)", verified: true, isPortalAdmin: false, at: Self.now))
        }
        let priorities: [TicketPriority?] = [nil] + TicketPriority.allCases
        var ids: [Ticket.ID] = []
        for _ in 0..<300 {
            let opener = contacts.randomElement(using: &random)!
            let createdAt = Self.now + Double(Int.random(in: 0..<40, using: &random)) * 3_600
            let ticket = try await repository.openTicket(
                NewTicket(
                    subject: Self.words(2, using: &random), body: Self.words(3, using: &random), contact: opener,
                    pipeline: Self.pipelineNames.randomElement(using: &random)!, stage: Self.support.stages.randomElement(using: &random)!,
                    priority: priorities.randomElement(using: &random)!, category: nil, at: createdAt))
            ids.append(ticket.id)
            for other in contacts where other.id != opener.id && Int.random(in: 0..<8, using: &random) == 0 {
                try await repository.addContact(other.id, to: ticket.id)
            }
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let kind: TicketMessage.Kind = Int.random(in: 0..<3, using: &random) == 0 ? .internalNote : .publicMessage
                let newStage = Int.random(in: 0..<4, using: &random) == 0 ? Self.support.stages.randomElement(using: &random) : nil
                _ = try await repository.appendMessage(
                    NewTicketMessage(
                        ticketID: ticket.id, author: Self.agent, kind: kind, body: Self.words(2, using: &random), newStage: newStage,
                        at: createdAt + Double(Int.random(in: 1...600, using: &random)) * 60))
            }
        }
        var conversations: [TicketConversation] = []
        for id in ids {
            conversations.append(try #require(try await repository.agentTicket(id)))
        }

        var nonEmptyPages = 0
        var visibleTickets = 0
        for _ in 0..<60 {
            let filter = Self.randomFilter(using: &random)
            for contact in contacts {
                let visibility = TicketVisibility(contactID: contact.id, filter: filter)
                var everything = Self.randomQuery(using: &random)
                everything.page = 1
                everything.pageSize = 100
                for query in [Self.randomQuery(using: &random), everything] {
                    let actual = try await repository.customerTickets(visibility, query: query)
                    let expected = Self.expectedPage(conversations, visibility, query)
                    #expect(actual.tickets == expected.tickets, "filter \(filter), contact \(contact.id), query \(query)")
                    #expect(actual.total == expected.total, "filter \(filter), contact \(contact.id), query \(query)")
                    if !expected.tickets.isEmpty { nonEmptyPages += 1 }
                }
                for _ in 0..<5 {
                    let conversation = conversations.randomElement(using: &random)!
                    let actual = try await repository.customerTicket(conversation.ticket.id, visibility: visibility)
                    #expect(actual == visibility.view(conversation), "filter \(filter), contact \(contact.id), ticket \(conversation.ticket.id)")
                    if actual != nil { visibleTickets += 1 }
                }
            }
        }
        // The comparison is only worth something if the rules let a fair share of tickets through.
        #expect(nonEmptyPages > 200)
        #expect(visibleTickets > 50)
    }
}
