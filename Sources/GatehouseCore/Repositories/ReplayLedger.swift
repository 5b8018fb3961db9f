import Foundation

/// Remembers one-time values (SAML assertion IDs, JWT `jti`s) until they expire.
public protocol ReplayLedger: Sendable {
    /// Records `key` in `namespace` until `expiry`; `false` when it is already recorded and unexpired.
    func record(namespace: String, key: String, until expiry: Date, now: Date) async throws -> Bool
}
