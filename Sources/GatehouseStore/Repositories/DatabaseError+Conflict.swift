import GRDB
import GatehouseCore

/// Runs a write, turning SQLite uniqueness violations into ``StoreError/conflict`` so callers can
/// decide (show "already exists", retry a race) without knowing SQL.
func translatingConflicts<T>(_ what: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DatabaseError
        where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
        || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
    {
        throw StoreError.conflict(what)
    }
}
