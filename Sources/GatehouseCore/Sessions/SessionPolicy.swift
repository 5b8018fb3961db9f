import Foundation

/// Idle and absolute session lifetimes (OWASP session management): a session ends after `idleTimeout`
/// without requests, and in any case `absoluteTimeout` after sign-in.
public struct SessionPolicy: Sendable, Equatable {
    public enum Verdict: Sendable, Equatable {
        /// Valid; `touch` says the last-seen time is old enough to be worth a write.
        case valid(touch: Bool)
        case idleExpired
        case absoluteExpired
    }

    public var idleTimeout: TimeInterval
    public var absoluteTimeout: TimeInterval
    /// Last-seen times are written at most this often, so a busy session is not a write per request.
    public var touchInterval: TimeInterval

    public init(idleTimeout: TimeInterval = 1800, absoluteTimeout: TimeInterval = 43_200, touchInterval: TimeInterval = 60) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.touchInterval = min(touchInterval, idleTimeout / 4)
    }

    public func evaluate(_ session: PortalSession, now: Date) -> Verdict {
        if now.timeIntervalSince(session.createdAt) >= absoluteTimeout { return .absoluteExpired }
        if now.timeIntervalSince(session.lastSeenAt) >= idleTimeout { return .idleExpired }
        return .valid(touch: now.timeIntervalSince(session.lastSeenAt) >= touchInterval)
    }

    /// How long the stored record should live from `now`: the idle timeout, cut at the absolute end.
    public func remainingLifetime(of session: PortalSession, now: Date) -> TimeInterval {
        max(0, min(idleTimeout, session.createdAt.addingTimeInterval(absoluteTimeout).timeIntervalSince(now)))
    }
}
