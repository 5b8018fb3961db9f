import Synchronization

/// Fails calls at once while PostgreSQL is known to be unreachable, instead of letting every request wait
/// out its deadline for a connection the pool cannot make (a page would take seconds to say "unavailable").
///
/// Closed: calls go through. The first call that fails with ``GatehouseCore/StoreError/unavailable``
/// opens it. Open: one call at a time goes through as a trial (a request or the readiness probe); the
/// others fail at once. A trial that succeeds closes it again, so service resumes by itself when the
/// server is back.
final class ConnectionBreaker: Sendable {
    enum Admission {
        case normal
        case trial
        case refused
    }

    private struct State {
        var open = false
        var trialInFlight = false
    }

    private let state = Mutex(State())

    func admit() -> Admission {
        state.withLock { state in
            guard state.open else { return .normal }
            guard !state.trialInFlight else { return .refused }
            state.trialInFlight = true
            return .trial
        }
    }

    /// The outcome of an admitted call: `reachable` false when it failed for want of the server.
    func record(_ admission: Admission, reachable: Bool) {
        state.withLock { state in
            if admission == .trial { state.trialInFlight = false }
            state.open = !reachable
        }
    }
}
