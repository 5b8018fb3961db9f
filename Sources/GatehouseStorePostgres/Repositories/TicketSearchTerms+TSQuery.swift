import Foundation
import GatehouseCore

extension TicketSearchTerms {
    /// The `tsquery` for agents' searches: every word as a prefix (`'word':*`), a one-letter word as a
    /// whole lexeme, all required (`&`). The lexemes were written by ``indexLexemes(of:)`` from the same
    /// folding, so PostgreSQL's parser and dictionaries never see the words: the query is parsed by
    /// `tsquery`'s input function only, with each word quoted (user input is never read as syntax).
    public var tsquery: String {
        words.map { word in
            let quoted = "'" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
            return word.count > 1 ? quoted + ":*" : quoted
        }.joined(separator: " & ")
    }

    /// The folded words of a text as lexemes for `array_to_tsvector` (PostgreSQL refuses lexemes of
    /// 2 KiB or more; no search can name one: a search box takes 200 characters).
    public static func indexLexemes(of text: String) -> [String] {
        indexWords(of: text).filter { $0.utf8.count < 2046 }
    }
}
