import Foundation
import Logging
import ServiceLifecycle

/// Ends the process when a graceful shutdown takes longer than its limit.
///
/// The service group drains requests in flight for most of the limit and then cancels what is left;
/// this is the backstop for work that ignores cancellation (a blocking call that never returns), so
/// that SIGTERM always ends the process in bounded time. It waits on an operating-system thread of its
/// own: the executor threads may be the very thing that is stuck. Listed last in the group, it is the
/// first service told of the shutdown (the group signals services in reverse order).
public struct ShutdownDeadline: Service {
    let limit: Duration
    let logger: Logger

    public init(limit: Duration, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is already ending without a graceful phase
        }
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        let logger = logger
        logger.notice("Shutting down: requests in flight get up to \(seconds) s")
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: seconds)
            logger.critical("Shutdown did not finish within server.shutdown_timeout (\(seconds) s); exiting now")
            exit(EXIT_FAILURE)
        }
    }

    /// How long the group waits for requests before cancelling them, and for cancellation to finish:
    /// together a little less than `limit`, so the ordinary path ends before the backstop fires.
    public static func phases(of limit: Duration) -> (graceful: Duration, cancellation: Duration) {
        let cancellation = min(limit / 4, .seconds(1))
        return (limit - cancellation - min(limit / 10, .milliseconds(250)), cancellation)
    }
}
