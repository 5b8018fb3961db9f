import Foundation
import GatehouseCore
import Testing

@Suite struct SessionPolicyTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let policy = SessionPolicy(idleTimeout: 1800, absoluteTimeout: 43_200, touchInterval: 60)

    /// A session signed in `age` seconds ago and last seen `idle` seconds ago.
    static func session(age: TimeInterval, idle: TimeInterval) -> PortalSession {
        PortalSession(contactID: 1, method: .password, createdAt: now.addingTimeInterval(-age), lastSeenAt: now.addingTimeInterval(-idle))
    }

    @Test("The defaults are 30 minutes idle, 12 hours absolute, touch every minute")
    func defaults() {
        let policy = SessionPolicy()
        #expect(policy.idleTimeout == 1800)
        #expect(policy.absoluteTimeout == 43_200)
        #expect(policy.touchInterval == 60)
    }

    @Test("The touch interval is capped at a quarter of the idle timeout, so touches keep a session alive")
    func touchIntervalCap() {
        #expect(SessionPolicy(idleTimeout: 100, absoluteTimeout: 1000, touchInterval: 60).touchInterval == 25)
        #expect(SessionPolicy(idleTimeout: 1000, absoluteTimeout: 5000, touchInterval: 60).touchInterval == 60)
    }

    @Test("A fresh session is valid and needs no write")
    func fresh() {
        #expect(Self.policy.evaluate(Self.session(age: 0, idle: 0), now: Self.now) == .valid(touch: false))
    }

    @Test("The last-seen time is rewritten once it is touchInterval old")
    func touch() {
        #expect(Self.policy.evaluate(Self.session(age: 100, idle: 59), now: Self.now) == .valid(touch: false))
        #expect(Self.policy.evaluate(Self.session(age: 100, idle: 60), now: Self.now) == .valid(touch: true))
        #expect(Self.policy.evaluate(Self.session(age: 2000, idle: 1799), now: Self.now) == .valid(touch: true))
    }

    @Test("A session idle for idleTimeout seconds has expired")
    func idle() {
        #expect(Self.policy.evaluate(Self.session(age: 1800, idle: 1800), now: Self.now) == .idleExpired)
        #expect(Self.policy.evaluate(Self.session(age: 5000, idle: 1799.5), now: Self.now) == .valid(touch: true))
        #expect(Self.policy.evaluate(Self.session(age: 5000, idle: 4000), now: Self.now) == .idleExpired)
    }

    @Test("absoluteTimeout after sign-in the session ends however active it is")
    func absolute() {
        #expect(Self.policy.evaluate(Self.session(age: 43_199, idle: 0), now: Self.now) == .valid(touch: false))
        #expect(Self.policy.evaluate(Self.session(age: 43_200, idle: 0), now: Self.now) == .absoluteExpired)
        #expect(Self.policy.evaluate(Self.session(age: 100_000, idle: 0), now: Self.now) == .absoluteExpired)
    }

    @Test("When both limits are passed the absolute expiry is reported")
    func absoluteBeforeIdle() {
        #expect(Self.policy.evaluate(Self.session(age: 50_000, idle: 5000), now: Self.now) == .absoluteExpired)
    }

    @Test("A session touched every few minutes still ends at the absolute timeout")
    func slidingNeverExtendsAbsolute() {
        let created = Self.now
        var session = PortalSession(contactID: 7, method: .saml, issuer: "https://idp.example", createdAt: created, lastSeenAt: created)
        var verdicts: [SessionPolicy.Verdict] = []
        for minute in stride(from: 5, through: 24 * 60, by: 5) {
            let now = created.addingTimeInterval(TimeInterval(minute * 60))
            let verdict = Self.policy.evaluate(session, now: now)
            verdicts.append(verdict)
            if verdict == .valid(touch: true) { session.lastSeenAt = now }
            if verdict == .absoluteExpired { break }
        }
        #expect(verdicts.last == .absoluteExpired)
        #expect(!verdicts.contains(.idleExpired))
        #expect(verdicts.count == 43_200 / 300)
    }

    @Test("The stored record lives for the idle timeout, cut at the absolute end, never negative")
    func remainingLifetime() {
        #expect(Self.policy.remainingLifetime(of: Self.session(age: 0, idle: 0), now: Self.now) == 1800)
        #expect(Self.policy.remainingLifetime(of: Self.session(age: 40_000, idle: 10), now: Self.now) == 1800)
        #expect(Self.policy.remainingLifetime(of: Self.session(age: 43_100, idle: 10), now: Self.now) == 100)
        #expect(Self.policy.remainingLifetime(of: Self.session(age: 43_200, idle: 0), now: Self.now) == 0)
        #expect(Self.policy.remainingLifetime(of: Self.session(age: 90_000, idle: 0), now: Self.now) == 0)
    }
}
