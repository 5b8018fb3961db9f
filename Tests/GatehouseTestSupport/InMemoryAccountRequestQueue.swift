import Foundation
import GatehouseCore

/// ``AccountRequestQueue`` over ``InMemoryStorage``, like `SQLiteAccountRequestQueue`: submit takes the
/// buckets and queues in one write; claims lease the oldest requests not completed.
public struct InMemoryAccountRequestQueue: AccountRequestQueue {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func submit(_ request: AccountRequest, buckets: [RateBucket]) async throws -> RateDecision {
        storage.write { state in
            let decision = state.take(buckets, now: request.createdAt)
            guard decision == .allowed else { return decision }
            var queued = request
            queued.id = state.nextRequestID
            state.nextRequestID += 1
            state.requests.append(.init(request: queued))
            return .allowed
        }
    }

    public func claim(limit: Int, leaseUntil: Date, now: Date) async throws -> [AccountRequest] {
        storage.write { state in
            var claimed: [AccountRequest] = []
            for index in state.requests.indices where claimed.count < limit {
                let stored = state.requests[index]
                guard stored.completedAt == nil, (stored.leasedUntil ?? .distantPast) <= now else { continue }
                state.requests[index].leasedUntil = leaseUntil
                claimed.append(stored.request)
            }
            return claimed
        }
    }

    public func complete(_ id: Int64, outcome: String, at date: Date) async throws {
        storage.write { state in
            guard let index = state.requests.firstIndex(where: { $0.request.id == id }) else { return }
            state.requests[index].completedAt = date
            state.requests[index].outcome = outcome
        }
    }
}
