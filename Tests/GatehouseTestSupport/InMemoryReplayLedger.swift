import Foundation
import GatehouseCore

/// ``ReplayLedger`` over ``InMemoryStorage``, like `SQLiteReplayLedger`: a key is recorded once per
/// namespace until its expiry, after which it may be recorded again.
public struct InMemoryReplayLedger: ReplayLedger {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func record(namespace: String, key: String, until expiry: Date, now: Date) async throws -> Bool {
        storage.write { state in
            let entry = InMemoryStorage.ReplayKey(namespace: namespace, key: key)
            if let expiresAt = state.replayEntries[entry], expiresAt > now { return false }
            state.replayEntries[entry] = expiry
            return true
        }
    }
}
