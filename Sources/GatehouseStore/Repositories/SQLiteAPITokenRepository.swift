import Foundation
import GRDB
import GatehouseCore

public struct SQLiteAPITokenRepository: APITokenRepository {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func create(_ token: APIToken) async throws {
        try await database.write { db in
            try translatingConflicts("API token \(token.name)") { try APITokenRecord(token).insert(db) }
        }
    }

    public func token(digest: String) async throws -> APIToken? {
        try await database.read { db in
            try APITokenRecord.filter(Column("digest") == digest && Column("revokedAt") == nil).fetchOne(db)?.token
        }
    }

    public func revoke(name: String, at date: Date) async throws -> Bool {
        try await database.write { db in
            try APITokenRecord.filter(Column("name") == name && Column("revokedAt") == nil).updateAll(db, Column("revokedAt").set(to: date)) > 0
        }
    }

    public func all() async throws -> [APIToken] {
        try await database.read { db in try APITokenRecord.order(Column("name")).fetchAll(db).map(\.token) }
    }
}
