import Foundation
import GatehouseCore

/// ``SessionStore`` over ``InMemoryStorage``, like `SQLiteSessionStore`: a session reads back until its
/// expiry and never after; the contact it names loses it when its password changes.
public struct InMemorySessionStore: SessionStore {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func set(keyDigest: String, value: Data, expiresAt: Date?, contactID: Contact.ID?) async throws {
        storage.write { $0.sessions[keyDigest] = InMemoryStorage.StoredSession(value: value, expiresAt: expiresAt, contactID: contactID) }
    }

    public func load(keyDigest: String, now: Date) async throws -> LoadedSession? {
        storage.read { state in
            guard let session = state.sessions[keyDigest] else { return nil }
            if let expiresAt = session.expiresAt, expiresAt <= now { return nil }
            return LoadedSession(value: session.value, contactID: session.contactID, contact: session.contactID.flatMap { state.contacts[$0] })
        }
    }

    public func remove(keyDigest: String) async throws {
        storage.write { _ = $0.sessions.removeValue(forKey: keyDigest) }
    }

    public func purgeExpired(now: Date) async throws -> Int {
        storage.write { $0.purgeSessions(now: now) }
    }
}
