import Foundation
import PostgresNIO

/// The revision of a registry table (count and latest `addedAt`), in the same shape for both tables.
enum PostgresRevision {
    static func of<Statement: PreparedQuery>(_ statement: Statement, _ connection: PostgresConnection, _ store: PostgresStore) async throws
        -> String
    {
        let row = try await connection.rows(statement, store.logger).first
        let (count, latest) = try row?.decode((Int, Date?).self) ?? (0, nil)
        return "\(count)/\(latest.map { String($0.timeIntervalSince1970) } ?? "")"
    }
}
