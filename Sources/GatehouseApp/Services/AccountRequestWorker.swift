import Foundation
import GatehouseCore
import Logging
import ServiceLifecycle

/// Acts on queued registration and reset requests while the server runs: at once when this process
/// queued one, and every few seconds for those other processes queued (instances sharing the database).
struct AccountRequestWorker: Service {
    let processor: AccountRequestProcessor
    let signal: WakeSignal
    let logger: Logger
    var pollInterval: Duration = .seconds(2)

    func run() async throws {
        let signal = signal
        let pollInterval = pollInterval
        // Cancelled on graceful shutdown; a request being acted on then stays leased and is taken up
        // again after its lease (delivery is at least once).
        try? await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    while true {
                        try await Task.sleep(for: pollInterval)
                        signal.wake()
                    }
                }
                signal.wake()
                for await _ in signal.wakes {
                    await processAll()
                }
                group.cancelAll()
            }
        }
    }

    private func processAll() async {
        do {
            while try await processor.processDue() > 0 {}
        } catch is CancellationError {
        } catch {
            logger.error("Processing account requests failed; they are retried after their lease", metadata: ["error": "\(error)"])
        }
    }
}

/// Wakes a worker; wakes that arrive while it works are coalesced into one.
final class WakeSignal: Sendable {
    let wakes: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (wakes, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func wake() {
        continuation.yield()
    }
}
