import Foundation
import GatehouseCore

/// ``APITokenRepository`` over ``InMemoryStorage``, like `SQLiteAPITokenRepository`: digests and names
/// unique (revoked tokens keep theirs), compared exactly; tokens listed by name.
public struct InMemoryAPITokenRepository: APITokenRepository {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func create(_ token: APIToken) async throws {
        try storage.write { state in
            guard state.apiTokens[token.digest] == nil, !state.apiTokens.values.contains(where: { $0.name == token.name }) else {
                throw StoreError.conflict("API token \(token.name)")
            }
            state.apiTokens[token.digest] = token
        }
    }

    public func token(digest: String) async throws -> APIToken? {
        storage.read { state in state.apiTokens[digest].flatMap { $0.revokedAt == nil ? $0 : nil } }
    }

    public func revoke(name: String, at date: Date) async throws -> Bool {
        storage.write { state in
            guard let live = state.apiTokens.values.first(where: { $0.name == name && $0.revokedAt == nil }) else { return false }
            state.apiTokens[live.digest]?.revokedAt = date
            return true
        }
    }

    public func all() async throws -> [APIToken] {
        storage.read { $0.apiTokens.values.sorted { InMemoryStorage.orderedExactly($0.name, $1.name) } }
    }
}
