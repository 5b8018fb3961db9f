import Foundation
import GatehouseCore
import Hummingbird

/// hummingbird-auth's session storage backed by the database: sessions survive restarts and are shared
/// by every Gatehouse process on the database.
///
/// Keys are stored as SHA-256 digests: the session id exists only in the browser's cookie, so a copy of
/// the database (a backup, a leaked dump) does not let anyone resume a session.
public struct DatabasePersistDriver: PersistDriver {
    let store: any SessionStore
    let clock: any GatehouseCore.Clock

    public init(store: any SessionStore, clock: any GatehouseCore.Clock) {
        self.store = store
        self.clock = clock
    }

    public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await set(key: key, value: value, expires: expires)
    }

    public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        // hummingbird-auth passes nil to keep the current expiry.
        let expiresAt = expires.map { clock.now.addingTimeInterval(TimeInterval($0.components.seconds)) }
        try await store.set(
            keyDigest: OneTimeToken.digest(of: key), value: data, expiresAt: expiresAt, contactID: (value as? PortalSession)?.contactID)
    }

    public func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        let stored: LoadedSession?
        do {
            stored = try await store.load(keyDigest: OneTimeToken.digest(of: key), now: clock.now)
        } catch {
            // SessionMiddleware swallows this error; the request's outcome keeps it for the portal's guard.
            RequestOutcome.current?.sessionStoreFailed(error)
            throw error
        }
        guard let stored else { return nil }
        RequestOutcome.current?.sessionLoaded(stored)
        let data = stored.value
        do {
            return try JSONDecoder().decode(Object.self, from: data)
        } catch {
            throw PersistError.invalidConversion
        }
    }

    public func remove(key: String) async throws {
        try await store.remove(keyDigest: OneTimeToken.digest(of: key))
    }

    public func shutdown() async throws {}

    public func run() async throws {}
}
