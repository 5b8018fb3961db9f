import Foundation
import GatehouseCore
import PostgresNIO

/// API tokens, read per request: a revocation on one instance holds on every other at its next request.
public struct PostgresAPITokenRepository: APITokenRepository {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func create(_ token: APIToken) async throws {
        try await store.connection { connection in
            _ = try await connection.insert(
                "INSERT INTO apiToken (digest, name, createdAt, revokedAt) VALUES (\(token.digest), \(token.name), \(token.createdAt), \(token.revokedAt))",
                conflict: "API token \(token.name)", store.logger)
        }
    }

    public func token(digest: String) async throws -> APIToken? {
        try await store.connection { connection in
            try await connection.rows(
                "SELECT digest, name, createdAt, revokedAt FROM apiToken WHERE digest = \(digest) AND revokedAt IS NULL", store.logger
            ).first.map(Self.token)
        }
    }

    public func revoke(name: String, at date: Date) async throws -> Bool {
        try await store.connection { connection in
            try await connection.run(
                "UPDATE apiToken SET revokedAt = \(date) WHERE name = \(name) AND revokedAt IS NULL RETURNING 1", store.logger) > 0
        }
    }

    public func all() async throws -> [APIToken] {
        try await store.connection { connection in
            try await connection.rows("SELECT digest, name, createdAt, revokedAt FROM apiToken ORDER BY name COLLATE \"C\"", store.logger).map(
                Self.token)
        }
    }

    static func token(_ row: PostgresRow) throws -> APIToken {
        let (digest, name, createdAt, revokedAt) = try row.decode((String, String, Date, Date?).self)
        return APIToken(digest: digest, name: name, createdAt: createdAt, revokedAt: revokedAt)
    }
}
