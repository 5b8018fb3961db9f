import Foundation

/// Password attempts and trusted devices, in the shared database so that every process applies the
/// same ``LoginThrottlePolicy``.
public protocol LoginAttemptStore: Sendable {
    /// Counts the attempts of `account` and `client` (and, for untrusted clients, of `address`), decides
    /// with `policy` and, on `.proceed`, records this attempt as in flight — in one transaction, so the
    /// decision is made once per attempt and concurrent attempts are counted correctly. Returns the
    /// attempt's id on `.proceed`.
    func begin(account: String, client: LoginClient, address: String, policy: LoginThrottlePolicy, now: Date) async throws
        -> (decision: LoginThrottlePolicy.Decision, attempt: Int64?)
    /// Records the outcome of an attempt begun with ``begin(account:client:address:policy:now:)``; a
    /// successful one also makes `trustDevice` (a device cookie's digest) a trusted device of the account.
    func finish(attempt: Int64, failed: Bool, trustDevice: String?, at: Date) async throws
    /// Whether the device cookie with this digest was issued to `account` by a successful sign-in.
    func isTrustedDevice(digest: String, account: String) async throws -> Bool
}

/// Who is attempting: a browser that signed in to the account before (by its device cookie's digest),
/// or anyone else.
public enum LoginClient: Sendable, Equatable {
    case untrusted
    case device(String)

    /// The stored form of the client class.
    public var key: String {
        switch self {
        case .untrusted: "untrusted"
        case .device(let digest): "device:" + digest
        }
    }
}
