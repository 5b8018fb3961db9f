import Foundation
import GatehouseCore
import Testing

@Suite struct ClockTests {
    @Test("A fixed clock always answers its instant")
    func fixed() {
        let instant = Date(timeIntervalSince1970: 1_893_456_000)
        let clock: any Clock = FixedClock(instant)
        #expect(clock.now == instant)
        #expect(clock.now == instant)
    }

    @Test("The system clock follows the wall clock")
    func system() {
        let before = Date()
        let now = SystemClock().now
        #expect(now >= before && now.timeIntervalSince(before) < 5)
    }
}
