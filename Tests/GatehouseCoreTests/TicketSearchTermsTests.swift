import Foundation
import Testing

@testable import GatehouseCore

@Suite struct TicketSearchTermsTests {
    /// Search-box input that would mean something to FTS5 if it reached MATCH as written.
    static let ftsSyntax: [(input: String, words: [String])] = [
        (#""printer" OR "toner""#, ["printer", "or", "toner"]),
        (#"printer" OR 1=1 --"#, ["printer", "or", "1", "1"]),
        ("print*", ["print"]),
        ("* *", []),
        ("NEAR(printer toner, 2)", ["near", "printer", "toner", "2"]),
        ("printer NOT toner AND paper", ["printer", "not", "toner", "and", "paper"]),
        ("subject:secret", ["subject", "secret"]),
        ("body : secret", ["body", "secret"]),
        ("{subject body}: secret", ["subject", "body", "secret"]),
        ("-subject:secret", ["subject", "secret"]),
        ("((printer) OR (toner", ["printer", "or", "toner"]),
        ("printer -toner", ["printer", "toner"]),
        ("^printer + toner", ["printer", "toner"]),
        (#"un"balanced"#, ["un", "balanced"]),
        (#""""#, []),
    ]

    @Test("FTS5 syntax in the input becomes plain words", arguments: ftsSyntax)
    func neutralised(_ input: String, _ words: [String]) {
        #expect(TicketSearchTerms(input)?.words ?? [] == words)
    }

    @Test("Words are lowercased and lose their diacritics; letters and digits of any script are kept")
    func words() {
        #expect(TicketSearchTerms("Printer ERROR 404")?.words == ["printer", "error", "404"])
        #expect(TicketSearchTerms("Café Müller, Øresund; Ελλάδα")?.words == ["cafe", "muller", "øresund", "ελλαδα"])
        #expect(TicketSearchTerms("e-mail_address")?.words == ["e", "mail", "address"])
    }

    @Test("Input without a searchable word is nil", arguments: ["", "   ", "\n\t", "!!! ---", "*", "()", "\"\"", ":", "🙂🙂"])
    func noWords(_ input: String) {
        #expect(TicketSearchTerms(input) == nil)
    }

    @Test("At most 8 words are kept, the first ones")
    func wordLimit() throws {
        let terms = try #require(TicketSearchTerms("one two three four five six seven eight nine ten"))
        #expect(TicketSearchTerms.maximumWords == 8)
        #expect(terms.words == ["one", "two", "three", "four", "five", "six", "seven", "eight"])
    }

    @Test("Only the first 200 characters are read")
    func lengthLimit() throws {
        #expect(TicketSearchTerms.maximumLength == 200)
        let cut = try #require(TicketSearchTerms(String(repeating: "x", count: 198) + " yz"))
        #expect(cut.words == [String(repeating: "x", count: 198), "y"])
        #expect(TicketSearchTerms(String(repeating: " ", count: 200) + "hidden") == nil)
        let long = try #require(TicketSearchTerms(String(repeating: "a", count: 5_000)))
        #expect(long.words == [String(repeating: "a", count: 200)])
    }

    @Test("A one-letter word matches a whole token only")
    func oneLetter() throws {
        let terms = try #require(TicketSearchTerms("a"))
        #expect(terms.matches("plan a trip"))
        #expect(!terms.matches("another trip"))
    }

    // MARK: matches (the in-memory stand-in for FTS5)

    @Test("matches: every word must start a word of the text, case-insensitively, in any order")
    func matches() throws {
        let terms = try #require(TicketSearchTerms("print JAM"))
        #expect(terms.matches("The printer jams again"))
        #expect(terms.matches("JAMMED: Printer"))
        #expect(terms.matches("printer-jam"))
        #expect(!terms.matches("The printer is fine"))
        #expect(!terms.matches("blueprint jam"))
        #expect(!terms.matches(""))
    }

    @Test("matches ignores diacritics both ways, like the index (unicode61, remove_diacritics)")
    func matchesWithoutDiacritics() throws {
        #expect(try #require(TicketSearchTerms("cafe")).matches("Café crème"))
        #expect(try #require(TicketSearchTerms("crème")).matches("Creme brulee"))
        #expect(try #require(TicketSearchTerms("naïve")).matches("a naive question"))
        #expect(!(try #require(TicketSearchTerms("cafe")).matches("Caffè")))
    }

    @Test("Words that were FTS5 operators match as ordinary words")
    func operatorsAreWords() throws {
        let terms = try #require(TicketSearchTerms("printer OR toner"))
        #expect(!terms.matches("printer"))
        #expect(terms.matches("printer or toner, whichever"))
    }
}

extension TicketSearchTermsTests {
    /// The rule stated plainly: split into folded words, then look for each search word.
    static func reference(_ terms: TicketSearchTerms, _ text: String) -> Bool {
        let tokens = text.lowercased().folding(options: .diacriticInsensitive, locale: nil)
            .unicodeScalars.split { !TicketSearchTerms.isTokenScalar($0) }.map { String(String.UnicodeScalarView($0)) }
        return terms.words.allSatisfy { word in word.count == 1 ? tokens.contains(word) : tokens.contains { $0.hasPrefix(word) } }
    }

    @Test("The one-pass matcher agrees with the plain rule on random texts and searches")
    func onePassAgreesWithReference() throws {
        var generator = SystemRandomNumberGenerator()
        let vocabulary = ["a", "ab", "abc", "Printer", "print", "PRINTED", "café", "Cafe", "é", "x1", "1", "über", "Über", "Ω", "ωmega", "the", "th"]
        let separators = [" ", "-", ", ", "\n", "!", "…"]
        func text(_ count: Int) -> String {
            (0..<count).map { _ in vocabulary.randomElement(using: &generator)! + separators.randomElement(using: &generator)! }.joined()
        }
        for _ in 0..<2_000 {
            guard let terms = TicketSearchTerms(text(Int.random(in: 1...3, using: &generator))) else { continue }
            let subject = text(Int.random(in: 0...5, using: &generator))
            let body = text(Int.random(in: 0...12, using: &generator))
            #expect(
                terms.matches(subject, body) == Self.reference(terms, subject + "\n" + body),
                "\(terms.words) in \(subject.debugDescription) / \(body.debugDescription)")
        }
    }
}
