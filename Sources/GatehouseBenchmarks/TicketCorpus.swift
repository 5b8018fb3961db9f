import Foundation
import GRDB
import GatehouseCore
import GatehouseStore

/// The `tickets` benchmark's data: a help desk with `contacts` customers, 20 tickets each (15% of them
/// shared with a colleague), five messages per ticket and the full-text index, written straight into a
/// database made by the production migrator. Deterministic: the same version and size give the same rows,
/// so a cached file can stand in for a fresh seed.
struct TicketCorpus {
    /// Bump when the generator or the rows it writes change: the cache file name carries it.
    static let version = 1
    static let ticketsPerContact = 20
    static let messagesPerTicket = 5
    static let agentCount = 25
    /// In ~5% of tickets (the printer topic only), and the word the rare search looks for (~0.01%).
    static let commonWord = "printer"
    static let rareWord = "thermostat"

    let contacts: Int
    var tickets: Int { contacts * Self.ticketsPerContact }
    /// Customers are contacts 1...contacts; agents follow them.
    var agentIDs: ClosedRange<Int64> { Int64(contacts + 1)...Int64(contacts + Self.agentCount) }

    /// Tickets are spread over three years ending here, oldest (lowest id) first.
    static let end = Date(timeIntervalSince1970: 1_767_225_600)
    static let span: TimeInterval = 3 * 365 * 86_400

    /// Writes every row into `database` (freshly migrated), in transactions of 10,000 tickets.
    func seed(into database: AppDatabase, progress: (Int) -> Void) throws {
        var random = SplitMix64(seed: 0x6761_7465_686f_7573)
        // Every customer opens exactly 20 tickets, in a shuffled order over the three years.
        var openers = [Int32](repeating: 0, count: tickets)
        for index in openers.indices { openers[index] = Int32(index % contacts + 1) }
        for index in stride(from: openers.count - 1, to: 0, by: -1) { openers.swapAt(index, Int(random.next(below: UInt64(index + 1)))) }

        try database.pool.writeWithoutTransaction { db in
            // A rebuildable benchmark file: durability buys nothing here, a big cache keeps the random
            // inserts into ticketContact in memory.
            try db.execute(sql: "PRAGMA synchronous = OFF")
            try db.execute(sql: "PRAGMA cache_size = -262144")
            try db.inTransaction {
                let insert = try db.makeStatement(
                    sql: "INSERT INTO contact (id, email, name, verified, isPortalAdmin, isAgent, createdAt) VALUES (?, ?, ?, 1, 0, ?, ?)")
                let joined = SQLiteDate.string(Self.end.addingTimeInterval(-Self.span - 86_400))
                for id in 1...(contacts + Self.agentCount) {
                    let isAgent = id > contacts
                    let email = isAgent ? "agent-\(id - contacts)@helpdesk.bench.test" : "customer-\(id)@bench.test"
                    try insert.execute(arguments: [id, email, Self.name(of: Int64(id)), isAgent, joined])
                }
                return .commit
            }
            let statements = try Statements(db)
            let batch = 10_000
            for start in stride(from: 0, to: tickets, by: batch) {
                try db.inTransaction {
                    for index in start..<min(start + batch, tickets) {
                        try writeTicket(id: Int64(index + 1), opener: Int64(openers[index]), random: &random, statements)
                    }
                    return .commit
                }
                progress(min(start + batch, tickets))
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    private struct Statements {
        let ticket: Statement
        let ticketContact: Statement
        let message: Statement
        let search: Statement

        init(_ db: Database) throws {
            ticket = try db.makeStatement(
                sql: """
                    INSERT INTO ticket (id, subject, pipeline, stage, status, priority, category, createdAt, lastActivityAt)
                    VALUES (?, ?, 'support', ?, ?, ?, ?, ?, ?)
                    """)
            ticketContact = try db.makeStatement(sql: "INSERT INTO ticketContact (contactID, ticketID) VALUES (?, ?)")
            message = try db.makeStatement(
                sql: "INSERT INTO message (ticketID, authorKind, authorContactID, authorName, kind, body, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)")
            search = try db.makeStatement(sql: "INSERT INTO ticketSearch (rowid, subject, body) VALUES (?, ?, ?)")
        }
    }

    /// One ticket as `openTicket` and four `appendMessage` calls would leave it: last activity is the last
    /// message (notes included), the index holds the subject and the public bodies joined by newlines.
    private func writeTicket(id: Int64, opener: Int64, random: inout SplitMix64, _ statements: Statements) throws {
        let created = Self.end.addingTimeInterval(-Self.span + Self.span * Double(id - 1) / Double(tickets) + Double(random.next(below: 60)))
        let topic = Topic.pick(&random)
        // On 15% of tickets a colleague from the same four-person company (contacts 1-4, 5-8, …) is associated too.
        var colleagueID: Int64?
        if random.next(below: 100) < 15 {
            let company = (opener - 1) / 4 * 4 + 1
            let colleague = company + (opener - company + 1 + Int64(random.next(below: 3))) % 4
            if colleague <= Int64(contacts) { colleagueID = colleague }
        }
        let agent = agentIDs.lowerBound + Int64(random.next(below: UInt64(Self.agentCount)))

        var at = created
        var indexed = ""
        var messages: [StatementArguments] = []
        for number in 0..<Self.messagesPerTicket {
            let author: (kind: String, id: Int64)
            let kind: TicketMessage.Kind
            let body: String
            if number == 0 {
                author = ("contact", opener)
                kind = .publicMessage
                body = topic.firstMessage(from: Self.name(of: opener), random: &random)
            } else {
                at = at.addingTimeInterval(Double(300 + random.next(below: 172_800)))
                switch random.next(below: 100) {
                case 0..<45:
                    author = ("agent", agent)
                    kind = .publicMessage
                    body = topic.agentReply(to: Self.name(of: opener), from: Self.name(of: agent), random: &random)
                case 45..<75:
                    let replier = colleagueID.map { random.next(below: 3) == 0 ? $0 : opener } ?? opener
                    author = ("contact", replier)
                    kind = .publicMessage
                    body = topic.customerReply(from: Self.name(of: replier), random: &random)
                default:
                    author = ("agent", agent)
                    kind = .internalNote
                    body = Topic.note(&random)
                }
            }
            messages.append([id, author.kind, author.id, Self.name(of: author.id), kind.rawValue, body, SQLiteDate.string(at)])
            if kind == .publicMessage { indexed += (indexed.isEmpty ? "" : "\n") + body }
        }

        let recent = Self.end.timeIntervalSince(created) < 30 * 86_400
        let closed = random.next(below: 100) < (recent ? 35 : 95)
        let stage = closed ? "closed" : ["new", "waiting_on_us", "waiting_on_contact"][Int(random.next(below: 3))]
        let priority: String? = random.next(below: 10) < 4 ? nil : ["low", "medium", "high", "urgent"][Int(random.next(below: 4))]
        let category: String? = random.next(below: 2) == 0 ? nil : topic.category
        let subject = topic.subject(&random)
        try statements.ticket.execute(arguments: [
            id, subject, stage, closed ? "closed" : "open", priority, category, SQLiteDate.string(created), SQLiteDate.string(at),
        ])
        try statements.ticketContact.execute(arguments: [opener, id])
        if let colleagueID { try statements.ticketContact.execute(arguments: [colleagueID, id]) }
        for message in messages { try statements.message.execute(arguments: message) }
        try statements.search.execute(arguments: [id, subject, indexed])
    }

    static func name(of contact: Int64) -> String {
        let first = ["Anna", "Ben", "Carla", "David", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Kaori", "Lena", "Marco", "Nora", "Omar"]
        let last = ["Berg", "Costa", "Dahl", "Ekström", "Fischer", "García", "Haas", "Ivanova", "Jensen", "Kowalski", "Laine", "Moreau", "Novak"]
        return first[Int(contact % Int64(first.count))] + " " + last[Int(contact / Int64(first.count) % Int64(last.count))]
    }
}

extension TicketCorpus {
    /// SplitMix64: a tiny deterministic generator (the standard library's generators are seeded randomly).
    struct SplitMix64: RandomNumberGenerator {
        private var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// Uniform in 0..<bound (multiply-shift; the bias is far below what a benchmark can see).
        mutating func next(below bound: UInt64) -> UInt64 {
            bound.multipliedFullWidth(by: next()).high
        }
    }
}

extension TicketCorpus {
    /// Dates as GRDB stores them ("yyyy-MM-dd HH:mm:ss.SSS", UTC), formatted by hand: GRDB's DateFormatter
    /// would spend more time than SQLite on seven million dates. `TicketBenchmark` checks both agree.
    enum SQLiteDate {
        static func string(_ date: Date) -> String {
            let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
            let days = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000
            let inDay = milliseconds - days * 86_400_000
            // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
            let shifted = days + 719_468
            let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
            let dayOfEra = shifted - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthIndex = (5 * dayOfYear + 2) / 153
            let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
            let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
            let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
            func pad(_ value: Int64, _ width: Int) -> String {
                let digits = String(value)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(inDay / 3_600_000, 2)):\(pad(inDay / 60_000 % 60, 2)):"
                + "\(pad(inDay / 1000 % 60, 2)).\(pad(inDay % 1000, 3))"
        }
    }
}
