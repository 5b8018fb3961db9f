import Foundation
import GatehouseCore
import Synchronization

/// A clock that tests move forward by hand, for decisions that depend on time passing (throttle delays,
/// rate-limit windows, link lifetimes).
public final class ManualClock: GatehouseCore.Clock {
    private let instant: Mutex<Date>

    public init(_ start: Date) {
        instant = Mutex(start)
    }

    public var now: Date { instant.withLock { $0 } }

    public func advance(by seconds: TimeInterval) {
        instant.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
