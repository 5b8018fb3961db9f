import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresStore: StoreMaintenance {
    /// A round trip on a pooled connection (for `/readyz`).
    public func probe() async throws {
        try await connection { connection in
            try await connection.query("SELECT 1", logger: self.logger).collect()
        }
    }

    /// Deletes what has expired, by the SQLite store's rules (``purgeCutoffs(now:)``). Every instance runs
    /// the purge on its timer; a transaction-level advisory lock lets one at a time do it and the others
    /// skip (they would only delete nothing, while holding row locks).
    public func purgeExpired(now: Date) async throws -> [String: Int] {
        try await transaction { connection in
            let locked =
                try await connection.rows(
                    "SELECT pg_try_advisory_xact_lock(hashtextextended(current_schema() || ':' || \(Self.purgeLock), 0))", self.logger
                ).first?.decode(Bool.self) ?? false
            guard locked else { return [:] }
            let day: TimeInterval = 86_400
            return [
                "session": try await Self.count(connection.query("DELETE FROM session WHERE expiresAt <= \(now) RETURNING 1", logger: self.logger)),
                "samlRequest": try await Self.count(
                    connection.query("DELETE FROM samlRequest WHERE expiresAt <= \(now) RETURNING 1", logger: self.logger)),
                "replayEntry": try await Self.count(
                    connection.query("DELETE FROM replayEntry WHERE expiresAt <= \(now) RETURNING 1", logger: self.logger)),
                "token": try await Self.count(
                    connection.query("DELETE FROM token WHERE expiresAt <= \(now.addingTimeInterval(-day)) RETURNING 1", logger: self.logger)),
                "rateEvent": try await Self.count(
                    connection.query("DELETE FROM rateEvent WHERE at <= \(now.addingTimeInterval(-day)) RETURNING 1", logger: self.logger)),
                "loginAttempt": try await Self.count(
                    connection.query("DELETE FROM loginAttempt WHERE startedAt <= \(now.addingTimeInterval(-day)) RETURNING 1", logger: self.logger)),
                "accountRequest": try await Self.count(
                    connection.query(
                        "DELETE FROM accountRequest WHERE completedAt <= \(now.addingTimeInterval(-7 * day)) RETURNING 1", logger: self.logger)),
                "trustedDevice": try await Self.count(
                    connection.query(
                        "DELETE FROM trustedDevice WHERE lastUsedAt <= \(now.addingTimeInterval(-180 * day)) RETURNING 1", logger: self.logger)),
            ]
        }
    }

    static let purgeLock = "gatehouse:purge"

    /// Rows a statement returned (its `RETURNING 1`): the async API does not expose the command tag.
    static func count(_ rows: PostgresRowSequence) async throws -> Int {
        try await rows.collect().count
    }
}
