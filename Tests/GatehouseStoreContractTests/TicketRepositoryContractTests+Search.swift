import Foundation
import GatehouseCore
import Testing

/// The search rules of ``TicketSearchTerms``, which both stores must give the same answers to: every word
/// a word prefix (a one-letter word a whole word), case and diacritics ignored, subjects and public
/// messages only, a contact's own tickets or (agents) every ticket.
extension TicketRepositoryContractTests {
    @Test("Search finds only the contact's tickets, by subject, first message or later public replies", arguments: StoreKind.testedKinds)
    func searchScoped(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let adas = try await fixture.open("Printer on fire", body: "It smokes.", by: fixture.ada)
            let graces = try await fixture.open("Printer jammed", body: "Paper everywhere.", by: fixture.grace)
            try await fixture.append("Have you tried the giraffe reset?", to: adas)
            #expect(try await fixture.search(fixture.ada, "printer") == [adas.id])
            #expect(try await fixture.search(fixture.grace, "printer") == [graces.id])
            #expect(try await fixture.search(fixture.mallory, "printer") == [])
            #expect(try await fixture.search(fixture.ada, "paper") == [])
            #expect(try await fixture.search(fixture.ada, "smokes") == [adas.id])
            #expect(try await fixture.search(fixture.ada, "giraffe") == [adas.id])
            let page = try await fixture.tickets.customerTickets(
                fixture.visibility(fixture.ada), query: TicketQuery(search: TicketSearchTerms("printer")))
            #expect(page.total == 1)
            // Agents search every ticket.
            #expect(try await fixture.agentSearch("printer") == [graces.id, adas.id])
            #expect(try await fixture.agentSearch("paper") == [graces.id])
            #expect(try await fixture.agentSearch("giraffe") == [adas.id])
            #expect(try await fixture.tickets.agentTickets(query: TicketQuery(search: TicketSearchTerms("printer"))).total == 2)
        }
    }

    @Test("Words match as word prefixes, case-insensitively, every word required, in any order", arguments: StoreKind.testedKinds)
    func searchWords(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let jam = try await fixture.open("The printer JAMS again", body: "Blueprint attached", by: fixture.ada)
            let fine = try await fixture.open("printer-fine", body: "404 error on e-mail", by: fixture.ada, at: Self.now - 60)
            for (who, search) in fixture.adaAndAgentSearches {
                #expect(try await search("print") == [jam.id, fine.id], "\(who)")
                #expect(try await search("PRINTER") == [jam.id, fine.id], "\(who)")
                #expect(try await search("print jam") == [jam.id], "\(who)")
                #expect(try await search("jam print") == [jam.id], "\(who)")
                #expect(try await search("printer paper") == [], "\(who)")
                #expect(try await search("rinter") == [], "\(who)")
                #expect(try await search("blue") == [jam.id], "\(who)")
                #expect(try await search("print attached") == [jam.id], "\(who)")
                #expect(try await search("40") == [fine.id], "\(who)")
                #expect(try await search("mail") == [fine.id], "\(who)")
                #expect(try await search("fine, printer!") == [fine.id], "\(who)")
                #expect(try await search("printers") == [], "\(who)")
            }
        }
    }

    @Test("A one-letter word matches a whole word only", arguments: StoreKind.testedKinds)
    func searchOneLetter(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let trip = try await fixture.open("Plan a trip", body: "x", by: fixture.ada)
            let another = try await fixture.open("Another trip", body: "e-mail", by: fixture.ada, at: Self.now - 60)
            for (who, search) in fixture.adaAndAgentSearches {
                #expect(try await search("a") == [trip.id], "\(who)")
                #expect(try await search("A trip") == [trip.id], "\(who)")
                #expect(try await search("an") == [another.id], "\(who)")
                #expect(try await search("e") == [another.id], "\(who)")
                #expect(try await search("x") == [trip.id], "\(who)")
                #expect(try await search("t") == [], "\(who)")
            }
        }
    }

    @Test("Search ignores diacritics, in the text and in the query", arguments: StoreKind.testedKinds)
    func searchDiacritics(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let cafe = try await fixture.open("Café crème", body: "Le réseau est en panne", by: fixture.ada)
            let creme = try await fixture.open("Creme brulee", by: fixture.ada, at: Self.now - 60)
            let muller = try await fixture.open("Rückruf", body: "Herr Müller wartet", by: fixture.ada, at: Self.now - 120)
            for (who, search) in fixture.adaAndAgentSearches {
                #expect(try await search("cafe") == [cafe.id], "\(who)")
                #expect(try await search("CAFÉ") == [cafe.id], "\(who)")
                #expect(try await search("reseau") == [cafe.id], "\(who)")
                #expect(try await search("crème") == [cafe.id, creme.id], "\(who)")
                #expect(try await search("brûlée") == [creme.id], "\(who)")
                #expect(try await search("muller") == [muller.id], "\(who)")
                #expect(try await search("MÜLLER") == [muller.id], "\(who)")
                #expect(try await search("ruck") == [muller.id], "\(who)")
                #expect(try await search("mueller") == [], "\(who)")
            }
        }
    }

    @Test("Internal notes are never searchable, by the contact or by agents", arguments: StoreKind.testedKinds)
    func notesNotSearchable(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let ticket = try await fixture.open("Printer on fire", by: fixture.ada)
            try await fixture.append("Customer is on the zebra plan", to: ticket, kind: .internalNote)
            try await fixture.append("Public giraffe", to: ticket)
            try await fixture.append("Another okapi note", to: ticket, kind: .internalNote)
            #expect(try await fixture.search(fixture.ada, "zebra") == [])
            #expect(try await fixture.search(fixture.ada, "okapi") == [])
            #expect(try await fixture.agentSearch("zebra") == [])
            #expect(try await fixture.agentSearch("okapi") == [])
            #expect(try await fixture.agentSearch("printer giraffe") == [ticket.id])
            #expect(try await fixture.tickets.agentTickets(query: TicketQuery(search: TicketSearchTerms("zebra"))).total == 0)
        }
    }

    @Test("Query syntax typed into the search box neither fails nor widens the search", arguments: StoreKind.testedKinds)
    func searchSyntaxNeutralised(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let fixture = try await TicketFixture(repositories)
            let adas = try await fixture.open("Printer on fire", body: "toner", by: fixture.ada)
            let graces = try await fixture.open("Printer jammed", body: "secret toner", by: fixture.grace)
            // Newest first: the same time, so the higher id first.
            let texts = [(id: graces.id, subject: "Printer jammed", body: "secret toner"), (id: adas.id, subject: "Printer on fire", body: "toner")]
            for input in [
                #"printer" OR "secret"#, "printer OR secret", "NEAR(printer secret)", "subject:secret", "{subject body}:secret", "-secret", "secret*",
                "(secret", #""secret"#, "printer NOT fire", "^secret", "secret + printer", "a\"b\"c", "\\ \u{0}", "printer & !secret",
                "printer | secret",
                "secret:*", "'secret'", "printer <-> fire", "printer'); DROP TABLE ticket; --",
            ] {
                // Exactly the tickets whose text holds the input's plain words (every ticket when it has none).
                let terms = TicketSearchTerms(input)
                let matching = texts.filter { terms?.matches($0.subject, $0.body) ?? true }.map(\.id)
                #expect(try await fixture.search(fixture.ada, input) == matching.filter { $0 == adas.id }, "\(input)")
                #expect(try await fixture.agentSearch(input) == matching, "\(input)")
            }
            #expect(try await fixture.search(fixture.ada, "printer OR fire") == [])
            #expect(try await fixture.agentSearch("printer OR fire") == [])
            #expect(try await fixture.agentSearch("printer & secret") == [graces.id])
            #expect(try await fixture.agentSearch("secret | fire") == [])
            #expect(try await fixture.tickets.agentTickets(query: TicketQuery()).total == 2)
        }
    }
}
