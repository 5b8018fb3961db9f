import Foundation
import GRDB
import GatehouseCore

extension AppDatabase {
    /// Tables in an order that satisfies their foreign keys, for `gatehouse db copy`. The FTS5 search
    /// table comes last as `ticketsearch` with `ticketid`, `subject` and `body` (its rowid is the ticket's id).
    public static let exportOrder = [
        "contact", "contactList", "listMembership", "identity", "consent", "token", "outbox", "auditEvent", "session", "samlRequest",
        "replayEntry", "identityProvider", "jwtApp", "ticket", "ticketContact", "message", "apiToken", "accountRequest", "rateEvent",
        "loginAttempt", "trustedDevice", "ticketSearch",
    ]

    /// Reads every table in ``exportOrder`` in batches of `batchSize` rows (keyset pages, so a large table
    /// costs what its rows cost) and hands each batch to `body`. Values are typed by the declared column
    /// types: dates and booleans as GRDB stored them, decoded.
    public func exportTables(batchSize: Int = 500, _ body: (StoreRows) async throws -> Void) async throws {
        for table in Self.exportOrder {
            let (columns, types) = try await read { db -> ([String], [String]) in
                if table == "ticketSearch" { return (["subject", "body"], ["TEXT", "TEXT"]) }
                let info = try db.columns(in: table)
                return (info.map(\.name), info.map { $0.type.uppercased() })
            }
            // ticketContact has no rowid (WITHOUT ROWID): it pages by its primary key instead.
            let keyed = table == "ticketContact"
            var after: [Int64] = keyed ? [Int64.min, Int64.min] : [Int64.min]
            while true {
                let (rows, last) = try await read { [after] db -> ([[StoreRows.Value]], [Int64]?) in
                    let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                    let sql =
                        keyed
                        ? "SELECT \(list), contactID AS _k1, ticketID AS _k2 FROM ticketContact WHERE (contactID, ticketID) > (?, ?) ORDER BY contactID, ticketID LIMIT ?"
                        : "SELECT \(list), rowid AS _k1 FROM \"\(table)\" WHERE rowid > ? ORDER BY rowid LIMIT ?"
                    let fetched = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(after + [Int64(batchSize)]))
                    let values = fetched.map { row in zip(row.databaseValues.prefix(columns.count), types).map(Self.exportValue) }
                    let last = fetched.last.map { row in keyed ? [row["_k1"] as Int64, row["_k2"] as Int64] : [row["_k1"] as Int64] }
                    if table == "ticketSearch" {
                        return (zip(fetched, values).map { row, cells in [.integer(row["_k1"])] + cells }, last)
                    }
                    return (values, last)
                }
                guard let last, !rows.isEmpty else { break }
                let names = table == "ticketSearch" ? ["ticketid"] + columns : columns.map { $0.lowercased() }
                try await body(StoreRows(table: table.lowercased(), columns: names, rows: rows))
                after = last
            }
        }
    }

    /// Rows per table (lower-case names), to verify a copy.
    public func rowCounts() async throws -> [String: Int] {
        try await read { db in
            var counts: [String: Int] = [:]
            for table in Self.exportOrder {
                counts[table.lowercased()] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0
            }
            return counts
        }
    }

    static func exportValue(_ value: DatabaseValue, declaredType: String) -> StoreRows.Value {
        if value.isNull { return .null }
        switch declaredType {
        case "DATETIME": if let date = Date.fromDatabaseValue(value) { return .date(date) }
        case "BOOLEAN": if let bool = Bool.fromDatabaseValue(value) { return .bool(bool) }
        default: break
        }
        switch value.storage {
        case .null: return .null
        case .int64(let integer): return .integer(integer)
        case .double(let double): return .double(double)
        case .string(let text): return .text(text)
        case .blob(let data): return .blob(data)
        }
    }
}
