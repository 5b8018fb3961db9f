import Foundation
import GatehouseCore
import GatehouseStore
import Testing

/// The SQLite store's FTS5 form of ``TicketSearchTerms``: user input never reaches MATCH as syntax.
@Suite struct TicketSearchTermsFTS5Tests {
    /// Search-box input that would mean something to FTS5 if it reached MATCH as written (the Core tests
    /// have the full list for the words themselves).
    static let ftsSyntax: [(input: String, words: [String])] = [
        (#""printer" OR "toner""#, ["printer", "or", "toner"]),
        ("NEAR(printer toner, 2)", ["near", "printer", "toner", "2"]),
        ("{subject body}: secret", ["subject", "body", "secret"]),
        ("^printer + toner", ["printer", "toner"]),
        (#""""#, []),
    ]

    @Test(
        "The MATCH expression is only quoted terms, one per word (prefix terms from two letters), whatever the input",
        arguments: TicketSearchTermsFTS5Tests.ftsSyntax)
    func expressionShape(_ input: String, _ words: [String]) throws {
        guard let terms = TicketSearchTerms(input) else {
            #expect(words.isEmpty)
            return
        }
        #expect(terms.fts5MatchExpression == words.map { $0.count > 1 ? "\"\($0)\"*" : "\"\($0)\"" }.joined(separator: " "))
        for word in terms.words {
            #expect(!word.isEmpty)
            #expect(word.allSatisfy { $0.isLetter || $0.isNumber })
        }
    }

    @Test("A quote splits words; one-letter words are whole terms (their prefix doclist would be most of the index)")
    func quoting() {
        #expect(TicketSearchTerms("ab\"cd")?.fts5MatchExpression == #""ab"* "cd"*"#)
        #expect(TicketSearchTerms("a\"b")?.fts5MatchExpression == #""a" "b""#)
        #expect(TicketSearchTerms(words: ["x\"y"])?.fts5MatchExpression == #""x""y"*"#)
    }
}
