import Foundation
import GatehouseCore
import PostgresNIO

/// The replay cache for SAML assertion IDs and JWT `jti`s, shared by the fleet: a response accepted by
/// one instance is refused by every other.
public struct PostgresReplayLedger: ReplayLedger {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    /// One statement: a new key is inserted, an expired one is taken over, a live one is left alone and
    /// nothing is returned. The unique key makes concurrent recordings of one value return `true` once.
    public func record(namespace: String, key: String, until expiry: Date, now: Date) async throws -> Bool {
        try await store.connection { connection in
            try await connection.run(
                """
                INSERT INTO replayEntry (namespace, key, expiresAt) VALUES (\(namespace), \(key), \(expiry))
                ON CONFLICT (namespace, key) DO UPDATE SET expiresAt = excluded.expiresAt WHERE replayEntry.expiresAt <= \(now)
                RETURNING 1
                """, store.logger) == 1
        }
    }
}
