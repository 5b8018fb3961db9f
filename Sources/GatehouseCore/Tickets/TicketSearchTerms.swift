import Foundation

/// A search box's text turned into words: every word must occur as a word prefix (a one-letter word as a
/// whole word), ignoring case and diacritics, in a ticket's subject or public messages. A word is a run
/// of letters and digits.
///
/// Two evaluators share these rules. ``matches(_:)`` checks one ticket's text; the store uses it for a
/// contact's own search, over the contact's few tickets, because an FTS5 MATCH restricted to one rowid
/// still builds the whole prefix doclist (a common prefix such as `th*` took seconds per query on a
/// million tickets). Searches across every ticket (agents) use the store's full-text index with the same
/// words, in the store's own query syntax (the SQLite store's FTS5 expression lives there).
public struct TicketSearchTerms: Sendable, Equatable {
    public static let maximumWords = 8
    public static let maximumLength = 200

    /// Lowercased, diacritics removed.
    public let words: [String]
    private let scalars: [[Unicode.Scalar]]

    /// `nil` when the text has no searchable word.
    public init?(_ text: String) {
        var words: [String] = []
        Self.forEachToken(in: Self.folded(String(text.prefix(Self.maximumLength)))) { token in
            words.append(String(String.UnicodeScalarView(token)))
            return words.count < Self.maximumWords
        }
        self.init(words: words)
    }

    /// Terms from words already split and folded.
    public init?(words: [String]) {
        guard !words.isEmpty, words.count <= Self.maximumWords else { return nil }
        self.words = words
        scalars = words.map { Array($0.unicodeScalars) }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.words == rhs.words }

    /// Whether the texts together contain every word. One pass over the scalars, comparing as it goes
    /// (this runs on every ticket of a contact's search); only non-ASCII text is folded first.
    public func matches(_ texts: String...) -> Bool {
        let all = (1 << scalars.count) - 1
        var found = 0
        // Per word: how many of its scalars the current token has matched so far, or -1 once it differs.
        var progress = [Int](repeating: 0, count: scalars.count)
        var tokenLength = 0
        func endToken() {
            for index in scalars.indices where scalars[index].count == 1 && tokenLength == 1 && progress[index] == 1 { found |= 1 << index }
            for index in progress.indices { progress[index] = 0 }
            tokenLength = 0
        }
        for text in texts {
            let ascii = text.utf8.allSatisfy { $0 < 0x80 }
            let source = ascii ? text : Self.folded(text)
            for raw in source.unicodeScalars {
                guard Self.isTokenScalar(raw) else {
                    if tokenLength > 0 { endToken() }
                    if found == all { return true }
                    continue
                }
                let scalar = raw.isASCII && raw.value >= 0x41 && raw.value <= 0x5A ? Unicode.Scalar(raw.value | 0x20)! : raw
                tokenLength += 1
                for index in scalars.indices where found & (1 << index) == 0 && progress[index] >= 0 {
                    let word = scalars[index]
                    guard progress[index] < word.count, word[progress[index]] == scalar else {
                        progress[index] = progress[index] == word.count ? progress[index] : -1
                        continue
                    }
                    progress[index] += 1
                    if progress[index] == word.count, word.count > 1 { found |= 1 << index }
                }
            }
            if tokenLength > 0 { endToken() }
            if found == all { return true }
        }
        return found == all
    }

    /// Every word of `text`, folded as search words are, each once: what a store indexes so that its
    /// own full-text search finds exactly what ``matches(_:)`` finds.
    public static func indexWords(of text: String) -> [String] {
        var words: [String] = []
        var seen: Set<String> = []
        forEachToken(in: folded(text)) { token in
            let word = String(String.UnicodeScalarView(token))
            if seen.insert(word).inserted { words.append(word) }
            return true
        }
        return words
    }

    /// Lowercased; non-ASCII text also loses its diacritics (ASCII text skips the Foundation call).
    static func folded(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text.lowercased() : text.lowercased().folding(options: .diacriticInsensitive, locale: nil)
    }

    /// Calls `body` with each run of letters and digits, as a slice of the scalars, until it returns false.
    static func forEachToken(in text: String, _ body: (ArraySlice<Unicode.Scalar>) -> Bool) {
        let scalars = Array(text.unicodeScalars)
        var start: Int?
        for index in 0...scalars.count {
            let isToken = index < scalars.count && Self.isTokenScalar(scalars[index])
            if isToken, start == nil { start = index }
            if !isToken, let first = start {
                guard body(scalars[first..<index]) else { return }
                start = nil
            }
        }
    }

    static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) || (0x30...0x39).contains(value)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
