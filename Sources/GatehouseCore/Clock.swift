import Foundation

/// The source of "now" for every time-dependent decision, injected so tests and fixture replays can
/// pin it. Logic never calls `Date()` itself.
public protocol Clock: Sendable {
    var now: Date { get }
}

/// The system's wall clock.
public struct SystemClock: Clock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that always answers the same instant.
public struct FixedClock: Clock {
    public let now: Date

    public init(_ now: Date) {
        self.now = now
    }
}
