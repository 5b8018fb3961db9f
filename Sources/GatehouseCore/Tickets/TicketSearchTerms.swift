import Foundation

/// A search box's text turned into words that can be handed to SQLite FTS5 safely: FTS5 has its own
/// query syntax (AND/OR/NOT/NEAR, column filters, `*`, quotes), and user input must never be read as
/// such. Each word becomes a quoted prefix term; all words must match.
public struct TicketSearchTerms: Sendable, Equatable {
    public static let maximumWords = 8
    public static let maximumLength = 200

    public let words: [String]

    /// `nil` when the text has no searchable word.
    public init?(_ text: String) {
        let words = text.prefix(Self.maximumLength)
            .split { !($0.isLetter || $0.isNumber) }
            .map { String($0).lowercased() }
            .prefix(Self.maximumWords)
        guard !words.isEmpty else { return nil }
        self.words = Array(words)
    }

    /// The FTS5 MATCH expression: `"word1"* "word2"*` (quotes doubled, though words have none).
    public var matchExpression: String {
        words.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"*" }.joined(separator: " ")
    }

    /// Whether `text` contains every word as a word prefix (case- and diacritic-insensitive), as FTS5
    /// would match it (the index's tokenizer removes diacritics); used by in-memory stores and tests.
    public func matches(_ text: String) -> Bool {
        let tokens = text.split { !($0.isLetter || $0.isNumber) }.map { Self.folded($0) }
        return words.allSatisfy { word in
            let word = Self.folded(word)
            return tokens.contains { $0.hasPrefix(word) }
        }
    }

    private static func folded(_ text: some StringProtocol) -> String {
        text.lowercased().folding(options: .diacriticInsensitive, locale: nil)
    }
}
