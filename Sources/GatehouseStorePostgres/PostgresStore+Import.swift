import Foundation
import GatehouseCore
import PostgresNIO

/// `gatehouse db copy`: rows from another store, written into an empty, migrated database in one
/// transaction (a failed copy leaves it empty, and can simply be run again).
extension PostgresStore {
    /// The tables of this schema and whether each is empty; a copy goes only into an empty database.
    public func rowCounts() async throws -> [String: Int] {
        try await connection { connection in
            var counts: [String: Int] = [:]
            for table in try await Self.tables(connection, self.logger) {
                counts[table] = try await connection.rows(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)"), self.logger).first?.decode(
                    Int.self)
            }
            return counts
        }
    }

    /// Runs `body` with an importer in one transaction without the request deadline (a copy takes as
    /// long as the data); identity sequences are moved past the copied ids before the commit.
    public func importing(_ body: @Sendable (PostgresImporter) async throws -> Void) async throws {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: self.logger).collect()
            do {
                let importer = PostgresImporter(
                    connection: connection, logger: logger, columnTypes: try await Self.columnTypes(connection, self.logger))
                try await body(importer)
                try await importer.advanceSequences()
                try await connection.query("COMMIT", logger: self.logger).collect()
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: self.logger).collect()
                throw error
            }
        }
    }

    static func tables(_ connection: PostgresConnection, _ logger: Logger) async throws -> [String] {
        try await connection.rows(
            """
            SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
              AND table_name <> 'gatehouse_migrations' ORDER BY table_name
            """, logger
        ).map { try $0.decode(String.self) }
    }

    static func columnTypes(_ connection: PostgresConnection, _ logger: Logger) async throws -> [String: [String: String]] {
        var types: [String: [String: String]] = [:]
        for row in try await connection.rows(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()", logger)
        {
            let (table, column, type) = try row.decode((String, String, String).self)
            types[table, default: [:]][column] = type
        }
        return types
    }
}

/// Writes batches of ``StoreRows`` inside ``PostgresStore/importing(_:)``'s transaction: multi-row
/// INSERTs whose SQL names only this schema's own tables and columns (checked against
/// `information_schema`) and binds every value with the column's type.
public struct PostgresImporter: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    let columnTypes: [String: [String: String]]

    public func insert(_ batch: StoreRows) async throws {
        guard let types = columnTypes[batch.table] else { throw ImportError("table \(batch.table) does not exist in PostgreSQL") }
        if batch.table == "ticketsearch" { return try await insertSearchRows(batch) }
        let columnTypes = try batch.columns.map { column in
            guard let type = types[column] else { throw ImportError("column \(batch.table).\(column) does not exist in PostgreSQL") }
            return type
        }
        var bindings = PostgresBindings()
        var tuples: [String] = []
        for row in batch.rows {
            guard row.count == columnTypes.count else { throw ImportError("a row of \(batch.table) has \(row.count) values") }
            var placeholders: [String] = []
            for (value, type) in zip(row, columnTypes) {
                try Self.bind(value, as: type, into: &bindings)
                placeholders.append("$\(bindings.count)")
            }
            tuples.append("(" + placeholders.joined(separator: ", ") + ")")
        }
        let sql = "INSERT INTO \(batch.table) (\(batch.columns.joined(separator: ", "))) VALUES " + tuples.joined(separator: ", ")
        try await connection.run(PostgresQuery(unsafeSQL: sql, binds: bindings), logger)
    }

    /// The search table is rebuilt from the copied text (its lexemes are this store's own), a batch per INSERT.
    func insertSearchRows(_ batch: StoreRows) async throws {
        guard batch.columns == ["ticketid", "subject", "body"] else { throw ImportError("unexpected ticketsearch columns \(batch.columns)") }
        var bindings = PostgresBindings()
        var tuples: [String] = []
        for row in batch.rows {
            guard case .integer(let ticket) = row[0] else { throw ImportError("a ticketsearch row has no ticket id") }
            let subject = if case .text(let text) = row[1] { text } else { "" }
            let body = if case .text(let text) = row[2] { text } else { "" }
            bindings.append(ticket)
            bindings.append(subject)
            bindings.append(body)
            bindings.append(TicketSearchTerms.indexLexemes(of: subject + "\n" + body))
            let first = bindings.count - 3
            tuples.append("($\(first), $\(first + 1), $\(first + 2), array_to_tsvector($\(first + 3)::text[]))")
        }
        guard !tuples.isEmpty else { return }
        let sql = "INSERT INTO ticketSearch (ticketID, subject, body, words) VALUES " + tuples.joined(separator: ", ")
        try await connection.run(PostgresQuery(unsafeSQL: sql, binds: bindings), logger)
    }

    /// Identity columns continue after the highest copied id.
    func advanceSequences() async throws {
        for (table, columns) in columnTypes where columns["id"] == "bigint" {
            let sequence = try await connection.rows("SELECT pg_get_serial_sequence(\(table), 'id')", logger).first?.decode(String?.self)
            guard let sequence else { continue }
            try await connection.run(
                PostgresQuery(
                    unsafeSQL: "SELECT setval($1, COALESCE((SELECT MAX(id) FROM \(table)), 0) + 1, false)",
                    binds: try {
                        var binds = PostgresBindings()
                        try binds.append(sequence)
                        return binds
                    }()), logger)
        }
    }

    static func bind(_ value: StoreRows.Value, as type: String, into bindings: inout PostgresBindings) throws {
        switch (value, type) {
        case (.null, "bigint"): bindings.append(Int64?.none)
        case (.null, "boolean"): bindings.append(Bool?.none)
        case (.null, "timestamp with time zone"): bindings.append(Date?.none)
        case (.null, "double precision"): bindings.append(Double?.none)
        case (.null, "bytea"): try bindings.append(Data?.none)
        case (.null, _): bindings.append(String?.none)
        case (.integer(let value), "bigint"): bindings.append(value)
        case (.integer(let value), "boolean"): bindings.append(value != 0)
        case (.integer(let value), "double precision"): bindings.append(Double(value))
        case (.double(let value), "double precision"): bindings.append(value)
        case (.bool(let value), "boolean"): bindings.append(value)
        case (.date(let value), "timestamp with time zone"): bindings.append(value)
        case (.text(let value), "text"): bindings.append(value)
        case (.blob(let value), "bytea"): try bindings.append(value)
        case (.text(let value), "bytea"): try bindings.append(Data(value.utf8))
        default: throw ImportError("a \(value) cannot go into a \(type) column")
        }
    }
}

/// A row that does not fit the PostgreSQL schema (the copy is rolled back).
public struct ImportError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
