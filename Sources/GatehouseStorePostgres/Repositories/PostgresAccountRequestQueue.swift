import Foundation
import GatehouseCore
import PostgresNIO

/// The registration and reset queue, shared by the fleet's workers.
public struct PostgresAccountRequestQueue: AccountRequestQueue {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func submit(_ request: AccountRequest, buckets: [RateBucket]) async throws -> RateDecision {
        try await store.transaction { connection in
            let decision = try await PostgresRateLimitStore.take(buckets, now: request.createdAt, connection, store)
            guard decision == .allowed else { return decision }
            try await connection.run(
                """
                INSERT INTO accountRequest (kind, email, name, consentVersion, consentAccepted, requestID, createdAt, language)
                VALUES (\(request.kind.rawValue), \(request.email.value), \(request.name), \(request.consentVersion), \(request.consentAccepted),
                        \(request.requestID), \(request.createdAt), \(request.language))
                """, store.logger)
            return .allowed
        }
    }

    /// `FOR UPDATE SKIP LOCKED`: workers on several instances claiming at once each get other requests.
    public func claim(limit: Int, leaseUntil: Date, now: Date) async throws -> [AccountRequest] {
        try await store.transaction { connection in
            let rows = try await connection.rows(
                """
                UPDATE accountRequest SET leasedUntil = \(leaseUntil) WHERE id IN (
                    SELECT id FROM accountRequest WHERE completedAt IS NULL AND (leasedUntil IS NULL OR leasedUntil <= \(now))
                    ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING id, kind, email, name, consentVersion, consentAccepted, requestID, createdAt, language
                """, store.logger)
            var requests: [AccountRequest] = []
            for row in rows {
                let (id, kind, email, name, version, accepted, requestID, createdAt, language) = try row.decode(
                    (Int64, String, String, String, String?, Bool, String, Date, String?).self)
                guard let kind = AccountRequest.Kind(rawValue: kind), let email = EmailAddress(email) else {
                    try await connection.run("UPDATE accountRequest SET completedAt = \(now), outcome = 'unreadable' WHERE id = \(id)", store.logger)
                    continue
                }
                requests.append(
                    AccountRequest(
                        id: id, kind: kind, email: email, name: name, consentVersion: version, consentAccepted: accepted, requestID: requestID,
                        createdAt: createdAt, language: language))
            }
            return requests.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        }
    }

    public func complete(_ id: Int64, outcome: String, at: Date) async throws {
        try await store.connection { connection in
            try await connection.run("UPDATE accountRequest SET completedAt = \(at), outcome = \(outcome) WHERE id = \(id)", store.logger)
        }
    }

    /// Marks a request done inside the caller's transaction, unless another worker did first (then
    /// ``StoreError/alreadyDone``, which rolls the caller's writes back).
    static func complete(_ completion: AccountRequestCompletion, _ connection: PostgresConnection, _ store: PostgresStore) async throws {
        let changed = try await connection.run(
            """
            UPDATE accountRequest SET completedAt = \(completion.at), outcome = \(completion.outcome)
            WHERE id = \(completion.id) AND completedAt IS NULL RETURNING 1
            """, store.logger)
        guard changed == 1 else { throw StoreError.alreadyDone("account request \(completion.id)") }
    }
}
