import Foundation
import GRDB
import GatehouseCore

public struct SQLiteAccountRequestQueue: AccountRequestQueue {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public func submit(_ request: AccountRequest, buckets: [RateBucket]) async throws -> RateDecision {
        try await database.write { db in
            let decision = try SQLiteRateLimitStore.take(buckets, now: request.createdAt, in: db)
            guard decision == .allowed else { return decision }
            try db.execute(
                sql: """
                    INSERT INTO accountRequest (kind, email, name, consentVersion, consentAccepted, requestID, createdAt, language)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    request.kind.rawValue, request.email.value, request.name, request.consentVersion, request.consentAccepted, request.requestID,
                    request.createdAt, request.language,
                ])
            return .allowed
        }
    }

    public func claim(limit: Int, leaseUntil: Date, now: Date) async throws -> [AccountRequest] {
        try await database.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM accountRequest WHERE completedAt IS NULL AND (leasedUntil IS NULL OR leasedUntil <= ?)
                    ORDER BY id LIMIT ?
                    """, arguments: [now, limit])
            var requests: [AccountRequest] = []
            for row in rows {
                let id: Int64 = row["id"]
                try db.execute(sql: "UPDATE accountRequest SET leasedUntil = ? WHERE id = ?", arguments: [leaseUntil, id])
                guard let kind = AccountRequest.Kind(rawValue: row["kind"]), let email = EmailAddress(row["email"] as String) else {
                    try db.execute(sql: "UPDATE accountRequest SET completedAt = ?, outcome = 'unreadable' WHERE id = ?", arguments: [now, id])
                    continue
                }
                requests.append(
                    AccountRequest(
                        id: id, kind: kind, email: email, name: row["name"], consentVersion: row["consentVersion"],
                        consentAccepted: row["consentAccepted"], requestID: row["requestID"], createdAt: row["createdAt"], language: row["language"]))
            }
            return requests
        }
    }

    /// Marks a request done inside the caller's transaction, unless another worker did first (then
    /// ``StoreError/alreadyDone``, which rolls the caller's writes back).
    static func complete(_ completion: AccountRequestCompletion, in db: Database) throws {
        try db.execute(
            sql: "UPDATE accountRequest SET completedAt = ?, outcome = ? WHERE id = ? AND completedAt IS NULL",
            arguments: [completion.at, completion.outcome, completion.id])
        guard db.changesCount == 1 else { throw StoreError.alreadyDone("account request \(completion.id)") }
    }

    public func complete(_ id: Int64, outcome: String, at: Date) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE accountRequest SET completedAt = ?, outcome = ? WHERE id = ?", arguments: [at, outcome, id])
        }
    }
}
