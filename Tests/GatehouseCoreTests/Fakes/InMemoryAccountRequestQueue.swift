import Foundation
import GatehouseCore

/// ``AccountRequestQueue`` over ``InMemoryStorage``: submit takes the buckets and queues in one locked write.
struct InMemoryAccountRequestQueue: AccountRequestQueue {
    let storage: InMemoryStorage

    func submit(_ request: AccountRequest, buckets: [RateBucket]) async throws -> RateDecision {
        storage.write { state in
            let decision = state.take(buckets, now: request.createdAt)
            guard decision == .allowed else { return decision }
            var queued = request
            queued.id = Int64(state.requests.count + 1)
            state.requests.append(.init(request: queued))
            return .allowed
        }
    }

    func claim(limit: Int, leaseUntil: Date, now: Date) async throws -> [AccountRequest] {
        storage.write { state in
            var claimed: [AccountRequest] = []
            for index in state.requests.indices where claimed.count < limit {
                let stored = state.requests[index]
                guard stored.outcome == nil, (stored.leasedUntil ?? .distantPast) <= now else { continue }
                state.requests[index].leasedUntil = leaseUntil
                claimed.append(stored.request)
            }
            return claimed
        }
    }

    func complete(_ id: Int64, outcome: String, at: Date) async throws {
        storage.write { state in
            if let index = state.requests.firstIndex(where: { $0.request.id == id }) { state.requests[index].outcome = outcome }
        }
    }
}
