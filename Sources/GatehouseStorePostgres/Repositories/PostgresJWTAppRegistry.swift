import Foundation
import GatehouseCore
import PostgresNIO

public struct PostgresJWTAppRegistry: JWTAppRegistry {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func save(_ app: JWTApp) async throws {
        try await store.connection { connection in
            try await connection.run(
                """
                INSERT INTO jwtApp (id, algorithm, key, issuer, audience, maxAge, addedAt)
                VALUES (\(app.id), \(app.algorithm.rawValue), \(app.key), \(app.issuer), \(app.audience), \(app.maxAge), \(app.addedAt))
                ON CONFLICT (id) DO UPDATE SET algorithm = excluded.algorithm, key = excluded.key, issuer = excluded.issuer,
                    audience = excluded.audience, maxAge = excluded.maxAge, addedAt = excluded.addedAt
                """, store.logger)
        }
    }

    public func remove(id: String) async throws -> Bool {
        try await store.connection { connection in
            try await connection.run("DELETE FROM jwtApp WHERE id = \(id) RETURNING 1", store.logger) > 0
        }
    }

    public func all() async throws -> [JWTApp] {
        try await store.connection { connection in
            try await connection.rows(
                "SELECT id, algorithm, key, issuer, audience, maxAge, addedAt FROM jwtApp ORDER BY id COLLATE \"C\"", store.logger
            )
            .compactMap { row in
                let (id, algorithm, key, issuer, audience, maxAge, addedAt) = try row.decode(
                    (String, String, String, String, String, Double, Date).self)
                return JWTApp.Algorithm(rawValue: algorithm).map {
                    JWTApp(id: id, algorithm: $0, key: key, issuer: issuer, audience: audience, maxAge: maxAge, addedAt: addedAt)
                }
            }
        }
    }

    public func revision() async throws -> String {
        try await store.connection { connection in
            try await PostgresRevision.of(JWTAppRevisionStatement(), connection, store)
        }
    }
}
