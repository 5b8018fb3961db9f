import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import Synchronization

/// A clock tests move forward (session timeouts, token expiry).
final class TestClock: GatehouseCore.Clock {
    private let instant: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        instant = Mutex(start)
    }

    var now: Date { instant.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        instant.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
