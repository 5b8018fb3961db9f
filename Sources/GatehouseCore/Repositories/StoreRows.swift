import Foundation

/// A batch of one table's rows in a form both stores read and write, for `gatehouse db copy`: moving a
/// deployment from SQLite to PostgreSQL table by table without either store knowing the other's types.
public struct StoreRows: Sendable, Equatable {
    /// One cell, typed by the source's declared column type.
    public enum Value: Sendable, Equatable {
        case null
        case integer(Int64)
        case double(Double)
        case text(String)
        case blob(Data)
        case bool(Bool)
        case date(Date)
    }

    /// The table's name, lower case (both stores' schemas use the same names, see the schema-parity test).
    public var table: String
    /// Lower-case column names, in the order of each row's values.
    public var columns: [String]
    public var rows: [[Value]]

    public init(table: String, columns: [String], rows: [[Value]]) {
        self.table = table
        self.columns = columns
        self.rows = rows
    }
}
