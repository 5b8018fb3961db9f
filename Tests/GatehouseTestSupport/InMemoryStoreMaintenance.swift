import Foundation
import GatehouseCore

/// ``StoreMaintenance`` over ``InMemoryStorage``: the probe reads and writes under the storage's lock (so
/// a storage held by a stuck writer makes it wait, as a stuck database would); the purge deletes what
/// `AppDatabase.purgeExpired(now:)` deletes.
public struct InMemoryStoreMaintenance: StoreMaintenance {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func probe() async throws {
        storage.write { state in state.nextContactID = state.nextContactID }
    }

    public func purgeExpired(now: Date) async throws -> [String: Int] {
        storage.write { $0.purgeExpired(now: now) }
    }
}
