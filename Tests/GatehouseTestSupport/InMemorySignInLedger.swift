import Foundation
import GatehouseCore

/// ``SignInLedger`` over ``InMemoryStorage``, like `SQLiteSignInLedger`: every write in one critical
/// section; none of them when the request is not pending, only the request's use when the value was
/// recorded before.
public struct InMemorySignInLedger: SignInLedger {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    private struct Refused: Error {
        var outcome: SignInCommit.Outcome
    }

    public func commit(_ commit: SignInCommit, now: Date) async throws -> SignInCommit.Outcome {
        do {
            return try storage.write { state in
                if let request = commit.request,
                    state.takeSAMLRequest(request.requestID, browserKeyDigest: request.browserKeyDigest, at: now) == nil
                {
                    throw Refused(outcome: .requestUnknown)
                }
                if let replay = commit.replay {
                    let entry = InMemoryStorage.ReplayKey(namespace: replay.namespace, key: replay.key)
                    // A replayed value still uses up the request it answered.
                    if let expiresAt = state.replayEntries[entry], expiresAt > now { return .replayed }
                    state.replayEntries[entry] = replay.until
                }
                if var event = commit.event {
                    event.detail = String(event.detail.prefix(1000))
                    state.audit.append(event)
                }
                if let replaced = commit.replacedSession { state.sessions[replaced] = nil }
                if let session = commit.session {
                    state.sessions[session.keyDigest] = InMemoryStorage.StoredSession(
                        value: session.value, expiresAt: session.expiresAt, contactID: session.contactID)
                }
                return .committed
            }
        } catch let refused as Refused {
            return refused.outcome
        }
    }
}
