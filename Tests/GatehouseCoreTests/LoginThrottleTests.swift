import Foundation
import GatehouseCore
import Testing

@Suite struct LoginThrottleTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let limits = LoginThrottle.Limits(failuresPerAccount: 3, failuresPerAddress: 5, window: 900)

    @Test("The default limits are 5 per account and 20 per address in 15 minutes")
    func defaults() {
        #expect(LoginThrottle.Limits() == .init(failuresPerAccount: 5, failuresPerAddress: 20, window: 900))
    }

    @Test("An account is blocked after failuresPerAccount failures, from every address")
    func perAccount() {
        let throttle = LoginThrottle(limits: Self.limits)
        for attempt in 0..<3 {
            #expect(throttle.allows(account: "ada@example.com", address: "192.0.2.\(attempt)", now: Self.now))
            throttle.recordFailure(account: "ada@example.com", address: "192.0.2.\(attempt)", now: Self.now)
        }
        #expect(!throttle.allows(account: "ada@example.com", address: "192.0.2.0", now: Self.now))
        #expect(!throttle.allows(account: "ada@example.com", address: "198.51.100.7", now: Self.now))
        #expect(throttle.allows(account: "bob@example.com", address: "198.51.100.7", now: Self.now))
    }

    @Test("An address is blocked after failuresPerAddress failures, whatever account it tries next")
    func perAddress() {
        let throttle = LoginThrottle(limits: Self.limits)
        for index in 0..<5 {
            throttle.recordFailure(account: "user\(index)@example.com", address: "203.0.113.9", now: Self.now)
        }
        #expect(!throttle.allows(account: "fresh@example.com", address: "203.0.113.9", now: Self.now))
        #expect(throttle.allows(account: "fresh@example.com", address: "203.0.113.10", now: Self.now))
    }

    @Test("Failures age out of the sliding window")
    func window() {
        let throttle = LoginThrottle(limits: Self.limits)
        throttle.recordFailure(account: "ada@example.com", address: "a", now: Self.now)
        throttle.recordFailure(account: "ada@example.com", address: "b", now: Self.now.addingTimeInterval(300))
        throttle.recordFailure(account: "ada@example.com", address: "c", now: Self.now.addingTimeInterval(600))
        #expect(!throttle.allows(account: "ada@example.com", address: "d", now: Self.now.addingTimeInterval(899)))
        // The first failure is exactly one window old: it no longer counts.
        #expect(throttle.allows(account: "ada@example.com", address: "d", now: Self.now.addingTimeInterval(900)))
    }

    @Test("A failure recorded after the window restarts the count from the recent ones only")
    func oldFailuresDropped() {
        let throttle = LoginThrottle(limits: Self.limits)
        throttle.recordFailure(account: "ada@example.com", address: "a", now: Self.now)
        throttle.recordFailure(account: "ada@example.com", address: "a", now: Self.now)
        throttle.recordFailure(account: "ada@example.com", address: "a", now: Self.now.addingTimeInterval(1000))
        #expect(throttle.allows(account: "ada@example.com", address: "b", now: Self.now.addingTimeInterval(1000)))
    }

    @Test("A success clears the account's failures but not the address's")
    func success() {
        let throttle = LoginThrottle(limits: Self.limits)
        for index in 0..<3 {
            throttle.recordFailure(account: "ada@example.com", address: "203.0.113.9", now: Self.now.addingTimeInterval(TimeInterval(index)))
        }
        #expect(!throttle.allows(account: "ada@example.com", address: "198.51.100.1", now: Self.now))
        throttle.recordSuccess(account: "ada@example.com")
        #expect(throttle.allows(account: "ada@example.com", address: "198.51.100.1", now: Self.now))
        throttle.recordFailure(account: "bob@example.com", address: "203.0.113.9", now: Self.now)
        throttle.recordFailure(account: "eve@example.com", address: "203.0.113.9", now: Self.now)
        #expect(!throttle.allows(account: "ada@example.com", address: "203.0.113.9", now: Self.now))
    }

    @Test("Account and address keys live in separate namespaces")
    func namespaces() {
        let throttle = LoginThrottle(limits: .init(failuresPerAccount: 1, failuresPerAddress: 1, window: 900))
        throttle.recordFailure(account: "x", address: "y", now: Self.now)
        #expect(throttle.allows(account: "y", address: "x", now: Self.now))
    }

    @Test("Pruning a full table never forgets recent failures")
    func capacity() {
        let throttle = LoginThrottle(limits: Self.limits, capacity: 4)
        for _ in 0..<3 { throttle.recordFailure(account: "ada@example.com", address: "a", now: Self.now) }
        for index in 0..<20 {
            throttle.recordFailure(account: "other\(index)@example.com", address: "b\(index)", now: Self.now.addingTimeInterval(1))
        }
        #expect(!throttle.allows(account: "ada@example.com", address: "z", now: Self.now.addingTimeInterval(2)))
    }

    @Test("Concurrent failures are all counted")
    func concurrent() async {
        let throttle = LoginThrottle(limits: .init(failuresPerAccount: 200, failuresPerAddress: 1000, window: 900))
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<199 {
                group.addTask { throttle.recordFailure(account: "ada@example.com", address: "a\(index % 7)", now: Self.now) }
            }
        }
        #expect(throttle.allows(account: "ada@example.com", address: "q", now: Self.now))
        throttle.recordFailure(account: "ada@example.com", address: "q", now: Self.now)
        #expect(!throttle.allows(account: "ada@example.com", address: "q", now: Self.now))
    }
}
