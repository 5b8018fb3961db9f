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

    public func take(requestID: String, browserKeyDigest: String, at now: Date) async throws -> PendingSAMLRequest? {
        try await database.write { db in
            guard
                let record = try SAMLRequestRecord.filter(
                    SAMLRequestRecord.Columns.requestID == requestID && SAMLRequestRecord.Columns.browserKeyDigest == browserKeyDigest
                ).fetchOne(db)
            else { return nil }
            try record.delete(db)
            return record.expiresAt > now ? record.request : nil
        }
    }
}
