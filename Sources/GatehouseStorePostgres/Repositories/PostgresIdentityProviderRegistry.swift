import Foundation
import GatehouseCore
import PostgresNIO

public struct PostgresIdentityProviderRegistry: IdentityProviderRegistry {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func save(_ provider: StoredIdentityProvider) async throws {
        try await store.connection { connection in
            _ = try await connection.insert(
                """
                INSERT INTO identityProvider (entityID, name, metadataXML, allowsUnsolicited, allowsSHA1, clockSkew, emailAttribute, nameAttribute, addedAt)
                VALUES (\(provider.entityID), \(provider.name), \(provider.metadataXML), \(provider.allowsUnsolicited), \(provider.allowsSHA1),
                        \(provider.clockSkew), \(provider.emailAttribute), \(provider.nameAttribute), \(provider.addedAt))
                ON CONFLICT (entityID) DO UPDATE SET name = excluded.name, metadataXML = excluded.metadataXML,
                    allowsUnsolicited = excluded.allowsUnsolicited, allowsSHA1 = excluded.allowsSHA1, clockSkew = excluded.clockSkew,
                    emailAttribute = excluded.emailAttribute, nameAttribute = excluded.nameAttribute, addedAt = excluded.addedAt
                """, conflict: "IdP name \(provider.name)", store.logger)
        }
    }

    public func remove(entityID: String) async throws -> Bool {
        try await store.connection { connection in
            try await connection.run("DELETE FROM identityProvider WHERE entityID = \(entityID) RETURNING 1", store.logger) > 0
        }
    }

    public func all() async throws -> [StoredIdentityProvider] {
        try await store.connection { connection in
            try await connection.rows(
                """
                SELECT entityID, name, metadataXML, allowsUnsolicited, allowsSHA1, clockSkew, emailAttribute, nameAttribute, addedAt
                FROM identityProvider ORDER BY lower(name) COLLATE \"C\", name COLLATE \"C\"
                """, store.logger
            ).map { row in
                let (entityID, name, xml, unsolicited, sha1, skew, emailAttribute, nameAttribute, addedAt) = try row.decode(
                    (String, String, String, Bool, Bool, Double, String?, String?, Date).self)
                return StoredIdentityProvider(
                    entityID: entityID, name: name, metadataXML: xml, allowsUnsolicited: unsolicited, allowsSHA1: sha1, clockSkew: skew,
                    emailAttribute: emailAttribute, nameAttribute: nameAttribute, addedAt: addedAt)
            }
        }
    }

    /// Count and latest change: every instance asks per login and rereads the IdPs when it moved.
    public func revision() async throws -> String {
        try await store.connection { connection in
            try await PostgresRevision.of(IdentityProviderRevisionStatement(), connection, store)
        }
    }
}
