import Foundation
import GatehouseCore
import SAML

/// The clock a command runs on: `--now`/`--issue-instant` pin it, otherwise the system clock.
enum CommandLineClock {
    static func make(pinnedTo instant: String?) -> any Clock {
        instant.flatMap(SAMLDateTime.parse).map { FixedClock($0) } ?? SystemClock()
    }
}
