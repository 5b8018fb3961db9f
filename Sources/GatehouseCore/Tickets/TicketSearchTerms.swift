import Foundation

/// A search box's text turned into words: every word must occur as a word prefix, ignoring case and
/// diacritics, in a ticket's subject or public messages.
///
/// Two evaluators share these rules. ``matches(_:)`` checks one ticket's text; the store uses it for a
/// contact's own search, over the contact's few tickets, because an FTS5 MATCH restricted to one rowid
/// still builds the whole prefix doclist (a common prefix such as `th*` took seconds per query on a
/// million tickets). ``matchExpression`` is the FTS5 form for searches across every ticket (agents):
/// FTS5 has its own query syntax (AND/OR/NOT/NEAR, column filters, `*`, quotes), so each word becomes
/// a quoted term, and user input is never read as syntax.
public struct TicketSearchTerms: Sendable, Equatable {
    public static let maximumWords = 8
    public static let maximumLength = 200

    /// Lowercased, diacritics removed.
    public let words: [String]

    /// `nil` when the text has no searchable word.
    public init?(_ text: String) {
        let words = Self.tokens(of: String(text.prefix(Self.maximumLength))).prefix(Self.maximumWords)
        guard !words.isEmpty else { return nil }
        self.words = words.map(String.init)
    }

    /// Rebuilds terms from ``words`` (as the store's SQL function receives them).
    public init?(words: [String]) {
        guard !words.isEmpty, words.count <= Self.maximumWords else { return nil }
        self.words = words
    }

    /// The FTS5 MATCH expression: `"word1"* "word2"*`; a one-letter word must match a whole token
    /// (its prefix doclist would be most of the index).
    public var matchExpression: String {
        words.map { word in
            let quoted = "\"\(word.replacingOccurrences(of: "\"", with: "\"\""))\""
            return word.count > 1 ? quoted + "*" : quoted
        }.joined(separator: " ")
    }

    /// Whether `text` contains every word as a word prefix (a one-letter word as a whole token).
    public func matches(_ text: String) -> Bool {
        let tokens = Self.tokens(of: text)
        return words.allSatisfy { word in
            word.count > 1 ? tokens.contains { $0.hasPrefix(word) } : tokens.contains { $0 == word }
        }
    }

    /// Letters and digits, lowercased and without diacritics (ASCII text skips the Foundation folding).
    static func tokens(of text: String) -> [Substring] {
        let folded = text.utf8.allSatisfy { $0 < 0x80 } ? text.lowercased() : text.lowercased().folding(options: .diacriticInsensitive, locale: nil)
        return folded.split { !($0.isLetter || $0.isNumber) }
    }
}
