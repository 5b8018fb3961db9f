import Synchronization

/// Runs `operation` and returns its result, or `nil` when `limit` passes first.
///
/// Unlike racing two child tasks in a task group, this does not wait for a loser that ignores
/// cancellation (a call stuck in a blocking library): the operation is told to cancel and left to
/// finish on its own, and the caller answers on time. For health probes and shutdown paths, which must
/// answer even when what they probe is stuck.
public func withDeadline<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> T) async -> Result<T, any Error>? {
    let race = DeadlineRace<T>()
    return await withCheckedContinuation { continuation in
        race.begin(continuation)
        let work = Task {
            do { race.finish(.success(try await operation())) } catch { race.finish(.failure(error)) }
        }
        let timer = Task {
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            race.finish(nil)
        }
        race.track(work: work, timer: timer)
    }
}

/// The one continuation of a ``withDeadline(_:_:)`` call, resumed by whichever side finishes first.
private final class DeadlineRace<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result<T, any Error>?, Never>?
        var work: Task<Void, Never>?
        var timer: Task<Void, Never>?
        var finished = false
    }

    private let state = Mutex(State())

    func begin(_ continuation: CheckedContinuation<Result<T, any Error>?, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    func track(work: Task<Void, Never>, timer: Task<Void, Never>) {
        let finished = state.withLock { state in
            state.work = work
            state.timer = timer
            return state.finished
        }
        // The work may have finished before its handle arrived: stop the timer now.
        if finished { timer.cancel() }
    }

    func finish(_ outcome: Result<T, any Error>?) {
        let (continuation, loser) = state.withLock { state -> (CheckedContinuation<Result<T, any Error>?, Never>?, Task<Void, Never>?) in
            guard !state.finished else { return (nil, nil) }
            state.finished = true
            defer { state.continuation = nil }
            return (state.continuation, outcome == nil ? state.work : state.timer)
        }
        loser?.cancel()
        continuation?.resume(returning: outcome)
    }
}
