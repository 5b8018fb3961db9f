import Foundation
import GRDB
import GatehouseCore

public struct SQLiteSAMLRequestRepository: SAMLRequestRepository {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func track(_ request: PendingSAMLRequest) async throws {
        try await database.write { db in
            try SAMLRequestRecord.filter(SAMLRequestRecord.Columns.expiresAt <= request.createdAt).deleteAll(db)
            try SAMLRequestRecord(request).insert(db)
        }
    }

    public func pending(requestID: String, browserKeyDigest: String, at now: Date) async throws -> PendingSAMLRequest? {
        try await database.read { db in
            try Self.filter(requestID, browserKeyDigest).fetchOne(db).flatMap { $0.expiresAt > now ? $0.request : nil }
        }
    }

    public func take(requestID: String, browserKeyDigest: String, at now: Date) async throws -> PendingSAMLRequest? {
        try await database.write { db in try Self.take(requestID: requestID, browserKeyDigest: browserKeyDigest, at: now, db) }
    }

    /// The take in the caller's transaction (also ``SQLiteSignInLedger``'s).
    static func take(requestID: String, browserKeyDigest: String, at now: Date, _ db: Database) throws -> PendingSAMLRequest? {
        guard let record = try filter(requestID, browserKeyDigest).fetchOne(db) else { return nil }
        try record.delete(db)
        return record.expiresAt > now ? record.request : nil
    }

    static func filter(_ requestID: String, _ browserKeyDigest: String) -> QueryInterfaceRequest<SAMLRequestRecord> {
        SAMLRequestRecord.filter(SAMLRequestRecord.Columns.requestID == requestID && SAMLRequestRecord.Columns.browserKeyDigest == browserKeyDigest)
    }
}
