import Foundation
import GatehouseCore

/// ``LoginAttemptStore`` over ``InMemoryStorage``, counting as `SQLiteLoginAttemptStore` does.
struct InMemoryLoginAttemptStore: LoginAttemptStore {
    let storage: InMemoryStorage

    func begin(account: String, client: LoginClient, address: String, policy: LoginThrottlePolicy, now: Date) async throws
        -> (decision: LoginThrottlePolicy.Decision, attempt: Int64?)
    {
        storage.write { state in
            func count(_ matches: (InMemoryStorage.Attempt) -> Bool) -> LoginThrottlePolicy.Count {
                let relevant = state.attempts.values.filter(matches)
                let failures = relevant.filter { $0.failed && $0.startedAt > now.addingTimeInterval(-policy.window) }
                return LoginThrottlePolicy.Count(
                    failures: failures.count, lastFailure: failures.map { $0.finishedAt ?? $0.startedAt }.max(),
                    pending: relevant.filter { $0.finishedAt == nil && $0.startedAt > now.addingTimeInterval(-policy.pendingLifetime) }.count)
            }
            let accountCount = count { $0.account == account && $0.client == client.key }
            let clientCount = client == .untrusted ? count { $0.address == address && $0.client == LoginClient.untrusted.key } : nil
            let decision = policy.decide(account: accountCount, client: clientCount, now: now)
            guard decision == .proceed else { return (decision, nil) }
            let id = state.nextAttemptID
            state.nextAttemptID += 1
            state.attempts[id] = .init(account: account, client: client.key, address: address, startedAt: now)
            return (decision, id)
        }
    }

    func finish(attempt: Int64, failed: Bool, trustDevice: String?, at now: Date) async throws {
        storage.write { state in
            guard let account = state.attempts[attempt]?.account else { return }
            if failed {
                state.attempts[attempt]?.finishedAt = now
                state.attempts[attempt]?.failed = true
            } else {
                state.attempts[attempt] = nil
            }
            if let trustDevice { state.devices[account, default: []].insert(trustDevice) }
        }
    }

    func isTrustedDevice(digest: String, account: String) async throws -> Bool {
        storage.read { $0.devices[account]?.contains(digest) ?? false }
    }
}
