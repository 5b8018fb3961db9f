import GRDB
import GatehouseCore

/// `gatehouse_ticket_matches(subject, body, words)`: ``TicketSearchTerms/matches(_:)`` as an SQL
/// function, so a contact's search filters the contact's own tickets row by row (reading each one's
/// indexed text by rowid) instead of running an FTS5 MATCH per ticket, whose cost grows with how
/// common the words are across every ticket. `words` is the terms' words joined by spaces (words are
/// letters and digits only).
enum TicketSearchFunction {
    static let name = "gatehouse_ticket_matches"

    static let function = DatabaseFunction(name, argumentCount: 3, pure: true) { values in
        guard let subject = String.fromDatabaseValue(values[0]), let words = String.fromDatabaseValue(values[2]),
            let terms = TicketSearchTerms(words: words.split(separator: " ").map(String.init))
        else { return false }
        let body = String.fromDatabaseValue(values[1]) ?? ""
        return terms.matches(subject + "\n" + body)
    }

    static func argument(_ terms: TicketSearchTerms) -> String {
        terms.words.joined(separator: " ")
    }
}
