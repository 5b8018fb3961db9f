import Foundation
import GRDB
import GatehouseCore

/// Password attempts and trusted devices in the shared database.
public struct SQLiteLoginAttemptStore: LoginAttemptStore {
    let database: AppDatabase
    /// Trusted devices kept per account (the most recently used).
    static let devicesPerAccount = 20

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func begin(account: String, client: LoginClient, address: String, policy: LoginThrottlePolicy, now: Date) async throws
        -> (decision: LoginThrottlePolicy.Decision, attempt: Int64?)
    {
        try await database.write { db in
            let since = now.addingTimeInterval(-policy.window)
            let alive = now.addingTimeInterval(-policy.pendingLifetime)
            let accountCount = try Self.count(
                db, sql: "account = ? AND client = ?", arguments: [account, client.key], since: since, alive: alive)
            // Trusted devices are exempt from the client address's counter (they proved themselves before).
            let clientCount =
                client == .untrusted
                ? try Self.count(db, sql: "address = ? AND client = 'untrusted'", arguments: [address], since: since, alive: alive) : nil
            let decision = policy.decide(account: accountCount, client: clientCount, now: now)
            guard decision == .proceed else { return (decision, nil) }
            try db.execute(
                sql: "INSERT INTO loginAttempt (account, client, address, startedAt) VALUES (?, ?, ?, ?)",
                arguments: [account, client.key, address, now])
            return (decision, db.lastInsertedRowID)
        }
    }

    public func finish(attempt: Int64, failed: Bool, trustDevice: String?, at now: Date) async throws {
        try await database.write { db in
            guard let account = try String.fetchOne(db, sql: "SELECT account FROM loginAttempt WHERE id = ?", arguments: [attempt]) else { return }
            if failed {
                try db.execute(sql: "UPDATE loginAttempt SET finishedAt = ?, failed = 1 WHERE id = ?", arguments: [now, attempt])
            } else {
                // Only failures are ever counted again.
                try db.execute(sql: "DELETE FROM loginAttempt WHERE id = ?", arguments: [attempt])
            }
            guard let trustDevice else { return }
            try db.execute(
                sql: """
                    INSERT INTO trustedDevice (digest, account, createdAt, lastUsedAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT (digest, account) DO UPDATE SET lastUsedAt = excluded.lastUsedAt
                    """, arguments: [trustDevice, account, now, now])
            try db.execute(
                sql: """
                    DELETE FROM trustedDevice WHERE account = ? AND digest NOT IN
                      (SELECT digest FROM trustedDevice WHERE account = ? ORDER BY lastUsedAt DESC LIMIT ?)
                    """, arguments: [account, account, Self.devicesPerAccount])
        }
    }

    public func isTrustedDevice(digest: String, account: String) async throws -> Bool {
        try await database.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM trustedDevice WHERE digest = ? AND account = ?", arguments: [digest, account]) ?? false
        }
    }

    /// Failures within the window (and the latest), and attempts still in flight, matching `condition`.
    private static func count(_ db: Database, sql condition: String, arguments: StatementArguments, since: Date, alive: Date) throws
        -> LoginThrottlePolicy.Count
    {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT COUNT(CASE WHEN failed = 1 AND startedAt > ? THEN 1 END) AS failures,
                       MAX(CASE WHEN failed = 1 THEN COALESCE(finishedAt, startedAt) END) AS lastFailure,
                       COUNT(CASE WHEN finishedAt IS NULL AND startedAt > ? THEN 1 END) AS pending
                FROM loginAttempt WHERE \(condition) AND startedAt > ?
                """, arguments: [since, alive] + arguments + [min(since, alive)])
        return LoginThrottlePolicy.Count(failures: row?["failures"] ?? 0, lastFailure: row?["lastFailure"], pending: row?["pending"] ?? 0)
    }
}
