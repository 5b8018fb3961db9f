import Foundation
import GRDB
import GatehouseCore

/// A sign-in's closing writes in one SQLite transaction: one durable commit (`synchronous = FULL`). A
/// request that is not pending stops everything (rolled back); a replayed value stops everything but the
/// request's use (a response refused for any reason uses up its request).
public struct SQLiteSignInLedger: SignInLedger {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    /// Throwing rolls the transaction back; the outcome is returned once nothing was written.
    private struct Refused: Error {
        var outcome: SignInCommit.Outcome
    }

    public func commit(_ commit: SignInCommit, now: Date) async throws -> SignInCommit.Outcome {
        do {
            return try await database.write { db in
                if let request = commit.request,
                    try SQLiteSAMLRequestRepository.take(requestID: request.requestID, browserKeyDigest: request.browserKeyDigest, at: now, db) == nil
                {
                    throw Refused(outcome: .requestUnknown)
                }
                // A replayed value still uses up the request it answered (committed without anything else).
                if let replay = commit.replay,
                    try !SQLiteReplayEntries.record(namespace: replay.namespace, key: replay.key, until: replay.until, now: now, db)
                {
                    return .replayed
                }
                if let event = commit.event { try SQLiteAuditLog.insert(event, db) }
                if let replaced = commit.replacedSession { _ = try SessionRecord.deleteOne(db, key: replaced) }
                if let session = commit.session {
                    try SessionRecord(keyDigest: session.keyDigest, value: session.value, expiresAt: session.expiresAt, contactID: session.contactID)
                        .save(db)
                }
                return .committed
            }
        } catch let refused as Refused {
            return refused.outcome
        }
    }
}
