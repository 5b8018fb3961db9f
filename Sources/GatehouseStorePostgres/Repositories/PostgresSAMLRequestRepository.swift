import Foundation
import GatehouseCore
import PostgresNIO

/// AuthnRequests in flight, shared by the fleet: a sign-in started on one instance completes on another,
/// and a request is taken once (`DELETE … RETURNING`: of two instances racing, one gets the row).
public struct PostgresSAMLRequestRepository: SAMLRequestRepository {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func track(_ request: PendingSAMLRequest) async throws {
        try await store.connection { connection in
            try await connection.run(
                """
                INSERT INTO samlRequest (requestID, identityProvider, browserKeyDigest, returnTo, createdAt, expiresAt)
                VALUES (\(request.requestID), \(request.identityProvider), \(request.browserKeyDigest), \(request.returnTo), \(request.createdAt),
                        \(request.expiresAt))
                """, store.logger)
        }
    }

    public func take(requestID: String, browserKeyDigest: String, at now: Date) async throws -> PendingSAMLRequest? {
        try await store.connection { connection in
            let rows = try await connection.rows(
                """
                DELETE FROM samlRequest WHERE requestID = \(requestID) AND browserKeyDigest = \(browserKeyDigest)
                RETURNING requestID, identityProvider, browserKeyDigest, returnTo, createdAt, expiresAt
                """, store.logger)
            guard let row = rows.first else { return nil }
            let (id, provider, digest, returnTo, createdAt, expiresAt) = try row.decode((String, String, String, String, Date, Date).self)
            guard expiresAt > now else { return nil }
            return PendingSAMLRequest(
                requestID: id, identityProvider: provider, browserKeyDigest: digest, returnTo: returnTo, createdAt: createdAt, expiresAt: expiresAt)
        }
    }
}
