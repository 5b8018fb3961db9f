import Testing

@testable import GatehouseStorePostgres

/// While PostgreSQL is unreachable, one call at a time tries the server and the others fail at once; the
/// first call that reaches it again closes the breaker.
@Suite struct ConnectionBreakerTests {
    @Test func opensOnUnreachableAdmitsOneTrialAndClosesWhenTheServerAnswers() {
        let breaker = ConnectionBreaker()
        let first = breaker.admit()
        #expect(first == .normal)
        breaker.record(first, reachable: false)
        let trial = breaker.admit()
        #expect(trial == .trial)
        #expect(breaker.admit() == .refused, "a second call while the trial is in flight")
        breaker.record(trial, reachable: false)
        let secondTrial = breaker.admit()
        #expect(secondTrial == .trial, "the next call tries again")
        breaker.record(secondTrial, reachable: true)
        #expect(breaker.admit() == .normal)
        #expect(breaker.admit() == .normal)
    }
}
