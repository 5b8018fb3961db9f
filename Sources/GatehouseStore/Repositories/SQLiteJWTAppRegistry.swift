import Foundation
import GRDB
import GatehouseCore

public struct SQLiteJWTAppRegistry: JWTAppRegistry {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func save(_ app: JWTApp) async throws {
        try await database.write { db in try JWTAppRecord(app).save(db) }
    }

    public func remove(id: String) async throws -> Bool {
        try await database.write { db in try JWTAppRecord.deleteOne(db, key: id) }
    }

    public func all() async throws -> [JWTApp] {
        try await database.read { db in try JWTAppRecord.order(Column("id")).fetchAll(db).compactMap(\.app) }
    }

    public func revision() async throws -> String {
        try await database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS count, COALESCE(MAX(addedAt), '') AS latest FROM jwtApp")
            return "\(row?["count"] as Int? ?? 0)/\(row?["latest"] as String? ?? "")"
        }
    }
}
