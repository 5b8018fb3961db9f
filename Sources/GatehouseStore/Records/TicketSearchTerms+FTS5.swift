import Foundation
import GatehouseCore

extension TicketSearchTerms {
    /// The FTS5 MATCH expression: `"word1"* "word2"*`; a one-letter word must match a whole token
    /// (its prefix doclist would be most of the index). FTS5 has its own query syntax (AND/OR/NOT/NEAR,
    /// column filters, `*`, quotes), so each word becomes a quoted term, and user input is never read as syntax.
    public var fts5MatchExpression: String {
        words.map { word in
            let quoted = "\"\(word.replacingOccurrences(of: "\"", with: "\"\""))\""
            return word.count > 1 ? quoted + "*" : quoted
        }.joined(separator: " ")
    }
}
