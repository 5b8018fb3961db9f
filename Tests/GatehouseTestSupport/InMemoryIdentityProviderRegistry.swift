import Foundation
import GatehouseCore

/// ``IdentityProviderRegistry`` over ``InMemoryStorage``, like `SQLiteIdentityProviderRegistry`: one IdP
/// per entityID (saving again replaces it), names unique in any case, IdPs listed by name in any case.
/// The revision is a counter moved on by every save and removal.
public struct InMemoryIdentityProviderRegistry: IdentityProviderRegistry {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func save(_ provider: StoredIdentityProvider) async throws {
        try storage.write { state in
            let taken = state.identityProviders.values.contains {
                $0.entityID != provider.entityID && InMemoryStorage.equalIgnoringCase($0.name, provider.name)
            }
            guard !taken else { throw StoreError.conflict("IdP name \(provider.name)") }
            state.identityProviders[provider.entityID] = provider
            state.identityProviderRevision += 1
        }
    }

    public func remove(entityID: String) async throws -> Bool {
        storage.write { state in
            guard state.identityProviders.removeValue(forKey: entityID) != nil else { return false }
            state.identityProviderRevision += 1
            return true
        }
    }

    public func all() async throws -> [StoredIdentityProvider] {
        storage.read { $0.identityProviders.values.sorted { InMemoryStorage.orderedIgnoringCase($0.name, $1.name) } }
    }

    public func revision() async throws -> String {
        storage.read { String($0.identityProviderRevision) }
    }
}
