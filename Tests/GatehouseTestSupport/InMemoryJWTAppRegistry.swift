import Foundation
import GatehouseCore

/// ``JWTAppRegistry`` over ``InMemoryStorage``, like `SQLiteJWTAppRegistry`: one app per id (saving again
/// replaces it), ids compared exactly, apps listed by id. The revision is a counter moved on by every
/// save and removal.
public struct InMemoryJWTAppRegistry: JWTAppRegistry {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func save(_ app: JWTApp) async throws {
        storage.write { state in
            state.jwtApps[app.id] = app
            state.jwtAppRevision += 1
        }
    }

    public func remove(id: String) async throws -> Bool {
        storage.write { state in
            guard state.jwtApps.removeValue(forKey: id) != nil else { return false }
            state.jwtAppRevision += 1
            return true
        }
    }

    public func all() async throws -> [JWTApp] {
        storage.read { $0.jwtApps.values.sorted { InMemoryStorage.orderedExactly($0.id, $1.id) } }
    }

    public func revision() async throws -> String {
        storage.read { String($0.jwtAppRevision) }
    }
}
