import Foundation
import GatehouseCore
import Synchronization

/// A clock that tests move forward by hand, for decisions that depend on time passing (throttle delays,
/// rate-limit windows, link lifetimes).
final class ManualClock: Clock {
    private let instant: Mutex<Date>

    init(_ start: Date) {
        instant = Mutex(start)
    }

    var now: Date { instant.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        instant.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
