import Foundation
import GatehouseCore
import PostgresNIO

/// Password attempts and trusted devices in the shared database: the throttle counts every instance's
/// attempts.
public struct PostgresLoginAttemptStore: LoginAttemptStore {
    let store: PostgresStore
    /// Trusted devices kept per account (the most recently used).
    static let devicesPerAccount = 20

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func begin(account: String, client: LoginClient, address: String, policy: LoginThrottlePolicy, now: Date) async throws
        -> (decision: LoginThrottlePolicy.Decision, attempt: Int64?)
    {
        try await store.transaction { connection in
            // The account's and the address's counts are decided on one at a time across the fleet.
            try await connection.lock(["login-account:" + account, "login-address:" + address], store.logger)
            let since = now.addingTimeInterval(-policy.window)
            let alive = now.addingTimeInterval(-policy.pendingLifetime)
            let accountCount = try await Self.count(account: account, client: client.key, since: since, alive: alive, connection, store)
            // Trusted devices are exempt from the client address's counter (they proved themselves before).
            let clientCount = client == .untrusted ? try await Self.count(address: address, since: since, alive: alive, connection, store) : nil
            let decision = policy.decide(account: accountCount, client: clientCount, now: now)
            guard decision == .proceed else { return (decision, nil) }
            let id = try await connection.rows(
                "INSERT INTO loginAttempt (account, client, address, startedAt) VALUES (\(account), \(client.key), \(address), \(now)) RETURNING id",
                store.logger
            ).first?.decode(Int64.self)
            return (decision, id)
        }
    }

    public func finish(attempt: Int64, failed: Bool, trustDevice: String?, at now: Date) async throws {
        try await store.transaction { connection in
            guard
                let account = try await connection.rows("SELECT account FROM loginAttempt WHERE id = \(attempt)", store.logger).first?.decode(
                    String.self)
            else { return }
            if failed {
                try await connection.run("UPDATE loginAttempt SET finishedAt = \(now), failed = true WHERE id = \(attempt)", store.logger)
            } else {
                // Only failures are ever counted again.
                try await connection.run("DELETE FROM loginAttempt WHERE id = \(attempt)", store.logger)
            }
            guard let trustDevice else { return }
            try await connection.run(
                """
                INSERT INTO trustedDevice (digest, account, createdAt, lastUsedAt) VALUES (\(trustDevice), \(account), \(now), \(now))
                ON CONFLICT (digest, account) DO UPDATE SET lastUsedAt = excluded.lastUsedAt
                """, store.logger)
            try await connection.run(
                """
                DELETE FROM trustedDevice WHERE account = \(account) AND digest NOT IN
                  (SELECT digest FROM trustedDevice WHERE account = \(account) ORDER BY lastUsedAt DESC LIMIT \(Self.devicesPerAccount))
                """, store.logger)
        }
    }

    public func isTrustedDevice(digest: String, account: String) async throws -> Bool {
        try await store.connection { connection in
            try await connection.run("SELECT 1 FROM trustedDevice WHERE digest = \(digest) AND account = \(account)", store.logger) > 0
        }
    }

    private static func count(
        account: String, client: String, since: Date, alive: Date, _ connection: PostgresConnection, _ store: PostgresStore
    ) async throws -> LoginThrottlePolicy.Count {
        try decode(
            try await connection.rows(
                """
                SELECT COUNT(*) FILTER (WHERE failed AND startedAt > \(since)),
                       MAX(COALESCE(finishedAt, startedAt)) FILTER (WHERE failed),
                       COUNT(*) FILTER (WHERE finishedAt IS NULL AND startedAt > \(alive))
                FROM loginAttempt WHERE account = \(account) AND client = \(client) AND startedAt > \(min(since, alive))
                """, store.logger))
    }

    private static func count(address: String, since: Date, alive: Date, _ connection: PostgresConnection, _ store: PostgresStore) async throws
        -> LoginThrottlePolicy.Count
    {
        try decode(
            try await connection.rows(
                """
                SELECT COUNT(*) FILTER (WHERE failed AND startedAt > \(since)),
                       MAX(COALESCE(finishedAt, startedAt)) FILTER (WHERE failed),
                       COUNT(*) FILTER (WHERE finishedAt IS NULL AND startedAt > \(alive))
                FROM loginAttempt WHERE address = \(address) AND client = 'untrusted' AND startedAt > \(min(since, alive))
                """, store.logger))
    }

    private static func decode(_ rows: [PostgresRow]) throws -> LoginThrottlePolicy.Count {
        let (failures, lastFailure, pending) = try rows.first?.decode((Int, Date?, Int).self) ?? (0, nil, 0)
        return LoginThrottlePolicy.Count(failures: failures, lastFailure: lastFailure, pending: pending)
    }
}
