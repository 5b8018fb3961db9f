import Foundation
import GRDB
import GatehouseCore

public struct SQLiteIdentityProviderRegistry: IdentityProviderRegistry {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func save(_ provider: StoredIdentityProvider) async throws {
        try await database.write { db in
            try translatingConflicts("IdP name \(provider.name)") { try IdentityProviderRecord(provider).save(db) }
        }
    }

    public func remove(entityID: String) async throws -> Bool {
        try await database.write { db in try IdentityProviderRecord.deleteOne(db, key: entityID) }
    }

    public func all() async throws -> [StoredIdentityProvider] {
        try await database.read { db in
            try IdentityProviderRecord.order(Column("name")).fetchAll(db).map(\.provider)
        }
    }

    public func revision() async throws -> String {
        try await database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS count, COALESCE(MAX(addedAt), '') AS latest FROM identityProvider")
            return "\(row?["count"] as Int? ?? 0)/\(row?["latest"] as String? ?? "")"
        }
    }
}
