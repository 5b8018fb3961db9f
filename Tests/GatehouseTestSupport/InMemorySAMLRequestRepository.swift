import Foundation
import GatehouseCore

/// ``SAMLRequestRepository`` over ``InMemoryStorage``, like `SQLiteSAMLRequestRepository`: tracking drops
/// the requests expired by then; a request is taken once, by its browser, and only before its expiry.
public struct InMemorySAMLRequestRepository: SAMLRequestRepository {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func track(_ request: PendingSAMLRequest) async throws {
        try storage.write { state in
            state.samlRequests = state.samlRequests.filter { $0.value.expiresAt > request.createdAt }
            guard state.samlRequests[request.requestID] == nil else { throw StoreError.conflict("SAML request \(request.requestID)") }
            state.samlRequests[request.requestID] = request
        }
    }

    public func pending(requestID: String, browserKeyDigest: String, at now: Date) async throws -> PendingSAMLRequest? {
        storage.read { state in
            guard let request = state.samlRequests[requestID], request.browserKeyDigest == browserKeyDigest, request.expiresAt > now else {
                return nil
            }
            return request
        }
    }

    /// Removes the request whether or not it has expired; returns it only if it has not.
    public func take(requestID: String, browserKeyDigest: String, at now: Date) async throws -> PendingSAMLRequest? {
        storage.write { $0.takeSAMLRequest(requestID, browserKeyDigest: browserKeyDigest, at: now) }
    }
}

extension InMemoryStorage.State {
    /// Removes the request whether or not it has expired; returns it only if it has not (also
    /// ``InMemorySignInLedger``'s, in its critical section).
    mutating func takeSAMLRequest(_ requestID: String, browserKeyDigest: String, at now: Date) -> PendingSAMLRequest? {
        guard let request = samlRequests[requestID], request.browserKeyDigest == browserKeyDigest else { return nil }
        samlRequests[requestID] = nil
        return request.expiresAt > now ? request : nil
    }
}
