import Foundation
import GatehouseCore
import PostgresNIO

/// AuthnRequests in flight, shared by the fleet: a sign-in started on one instance completes on another,
/// and a request is taken once (`DELETE … RETURNING`: of two instances racing, one gets the row; a
/// sign-in takes it in its own statement, ``PostgresSignInLedger``).
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

    public func pending(requestID: String, browserKeyDigest: String, at now: Date) async throws -> PendingSAMLRequest? {
        try await store.connection { connection in
            let rows = try await connection.rows(
                """
                SELECT \(unescaped: Self.columns) FROM samlRequest
                WHERE requestID = \(requestID) AND browserKeyDigest = \(browserKeyDigest) AND expiresAt > \(now)
                """, store.logger)
            return try rows.first.map(Self.request)
        }
    }

    public func take(requestID: String, browserKeyDigest: String, at now: Date) async throws -> PendingSAMLRequest? {
        try await store.connection { connection in
            let rows = try await connection.rows(
                """
                DELETE FROM samlRequest WHERE requestID = \(requestID) AND browserKeyDigest = \(browserKeyDigest)
                RETURNING \(unescaped: Self.columns)
                """, store.logger)
            guard let request = try rows.first.map(Self.request), request.expiresAt > now else { return nil }
            return request
        }
    }

    static let columns = "requestID, identityProvider, browserKeyDigest, returnTo, createdAt, expiresAt"

    static func request(_ row: PostgresRow) throws -> PendingSAMLRequest {
        let (id, provider, digest, returnTo, createdAt, expiresAt) = try row.decode((String, String, String, String, Date, Date).self)
        return PendingSAMLRequest(
            requestID: id, identityProvider: provider, browserKeyDigest: digest, returnTo: returnTo, createdAt: createdAt, expiresAt: expiresAt)
    }
}
