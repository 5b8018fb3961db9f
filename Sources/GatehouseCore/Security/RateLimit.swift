import Foundation

/// One counter of a rate limit: at most `limit` events per sliding `window` under `key`
/// (`request:recipient:ann@example.com`, `request:client:192.0.2.7`).
public struct RateBucket: Sendable, Equatable {
    public var key: String
    public var limit: Int
    public var window: TimeInterval

    public init(key: String, limit: Int, window: TimeInterval) {
        self.key = key
        self.limit = limit
        self.window = window
    }

    /// The events of this bucket still inside its window at `now`, oldest first, decide: `nil` when one
    /// more fits, otherwise the seconds until the oldest one that must leave has left.
    public func wait(events: [Date], now: Date) -> TimeInterval? {
        let recent = events.filter { now.timeIntervalSince($0) < window }.sorted()
        guard recent.count >= limit else { return nil }
        // After this many leave the window, one more event fits.
        let leaving = recent[recent.count - limit]
        return max(1, leaving.addingTimeInterval(window).timeIntervalSince(now))
    }
}

/// The answer to "may this happen now?" for a set of buckets, decided and counted in one step.
public enum RateDecision: Sendable, Equatable {
    case allowed
    /// Refused; `retryAfter` seconds (rounded up) until every bucket has room again.
    case limited(retryAfter: Int, key: String)
}

/// How much of each kind of account traffic one address and one client may cause (`limits.*`).
public struct AccountLimits: Sendable, Equatable {
    /// Registration and reset requests naming one address, per hour, whoever sends them.
    public var requestsPerAddress: Int
    /// Registration and reset requests from one client address, per hour.
    public var requestsPerClient: Int
    /// Account emails (registration, reset, invitation, "already registered") one address receives per hour.
    public var emailsPerAddress: Int
    /// Password forms that run a hash (reset, confirmation, invitation, password change) per client per 15 minutes.
    public var passwordFormsPerClient: Int
    public var login: LoginThrottlePolicy

    public init(
        requestsPerAddress: Int = 5, requestsPerClient: Int = 20, emailsPerAddress: Int = 5, passwordFormsPerClient: Int = 20,
        login: LoginThrottlePolicy = LoginThrottlePolicy()
    ) {
        self.requestsPerAddress = requestsPerAddress
        self.requestsPerClient = requestsPerClient
        self.emailsPerAddress = emailsPerAddress
        self.passwordFormsPerClient = passwordFormsPerClient
        self.login = login
    }

    public static let hour: TimeInterval = 3600
    public static let quarterHour: TimeInterval = 900

    /// The buckets a registration or reset request takes: the address it names and the client sending it.
    /// Counted for every request, known address or not, so a refusal tells nothing about accounts.
    public func requestBuckets(recipient: EmailAddress, client: String) -> [RateBucket] {
        [
            RateBucket(key: "request:recipient:" + recipient.value, limit: requestsPerAddress, window: Self.hour),
            RateBucket(key: "request:client:" + client, limit: requestsPerClient, window: Self.hour),
        ]
    }

    public func passwordFormBuckets(client: String) -> [RateBucket] {
        [RateBucket(key: "password-form:client:" + client, limit: passwordFormsPerClient, window: Self.quarterHour)]
    }
}

extension AuditLog {
    /// A refusal by a rate limit, the same for every form: audited as a security event and returned as
    /// `request.rate_limited` with its Retry-After.
    func rateLimited(
        _ what: String, key: String, retryAfter: Int, method: AuthenticationMethod? = nil, contactID: Contact.ID? = nil, email: String,
        requestID: String, at now: Date
    ) async throws -> Rejection {
        let detail = "\(what) refused by the limit \(key) (retry after \(retryAfter) s)"
        try await record(
            AuditEvent(
                kind: .security, method: method, contactID: contactID, email: email, reasonCode: Reasons.rateLimited, detail: detail,
                requestID: requestID, at: now))
        return Rejection(Reasons.rateLimited, detail: detail, retryAfter: retryAfter)
    }
}
