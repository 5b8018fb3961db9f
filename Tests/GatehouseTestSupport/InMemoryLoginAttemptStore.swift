import Foundation
import GatehouseCore

/// ``LoginAttemptStore`` over ``InMemoryStorage``, counting as `SQLiteLoginAttemptStore` does: failures
/// in the window, attempts in flight within their pending lifetime, the latest failure; trusted devices
/// kept per account, the most recently used first.
public struct InMemoryLoginAttemptStore: LoginAttemptStore {
    /// Trusted devices kept per account, as in the SQLite store.
    public static let devicesPerAccount = 20

    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func begin(account: String, client: LoginClient, address: String, policy: LoginThrottlePolicy, now: Date) async throws
        -> (decision: LoginThrottlePolicy.Decision, attempt: Int64?)
    {
        storage.write { state in
            let since = now.addingTimeInterval(-policy.window)
            let alive = now.addingTimeInterval(-policy.pendingLifetime)
            func count(_ matches: (InMemoryStorage.Attempt) -> Bool) -> LoginThrottlePolicy.Count {
                let relevant = state.attempts.values.filter { matches($0) && $0.startedAt > min(since, alive) }
                let failed = relevant.filter(\.failed)
                return LoginThrottlePolicy.Count(
                    failures: failed.filter { $0.startedAt > since }.count, lastFailure: failed.map { $0.finishedAt ?? $0.startedAt }.max(),
                    pending: relevant.filter { $0.finishedAt == nil && $0.startedAt > alive }.count)
            }
            let accountCount = count { $0.account == account && $0.client == client.key }
            // Trusted devices are exempt from the client address's counter (they proved themselves before).
            let clientCount = client == .untrusted ? count { $0.address == address && $0.client == LoginClient.untrusted.key } : nil
            let decision = policy.decide(account: accountCount, client: clientCount, now: now)
            guard decision == .proceed else { return (decision, nil) }
            let id = state.nextAttemptID
            state.nextAttemptID += 1
            state.attempts[id] = .init(account: account, client: client.key, address: address, startedAt: now)
            return (decision, id)
        }
    }

    public func finish(attempt: Int64, failed: Bool, trustDevice: String?, at now: Date) async throws {
        storage.write { state in
            guard let account = state.attempts[attempt]?.account else { return }
            if failed {
                state.attempts[attempt]?.finishedAt = now
                state.attempts[attempt]?.failed = true
            } else {
                // Only failures are ever counted again.
                state.attempts[attempt] = nil
            }
            guard let trustDevice else { return }
            var devices = state.devices[account] ?? [:]
            devices[trustDevice] = now
            let kept = devices.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(Self.devicesPerAccount)
            state.devices[account] = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
        }
    }

    public func isTrustedDevice(digest: String, account: String) async throws -> Bool {
        storage.read { $0.devices[account]?[digest] != nil }
    }
}
