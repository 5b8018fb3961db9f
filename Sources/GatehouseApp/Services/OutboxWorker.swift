import Foundation
import GatehouseCore
import Logging
import ServiceLifecycle

/// Sends queued email while the server runs: every `pollInterval`, batches of due messages until none
/// is left, each outcome logged with the server's reply, and the queue's depth and age published as
/// metrics. A mail server that is down makes messages wait (and the metrics show it); readiness does not
/// depend on it.
struct OutboxWorker: Service {
    let delivery: OutboxDelivery
    let outbox: any OutboxRepository
    let metrics: GatehouseMetrics
    let clock: any Clock
    let logger: Logger
    var pollInterval: Duration = .seconds(1)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await deliverAll()
                try await Task.sleep(for: pollInterval)
            }
        }
    }

    func deliverAll() async {
        do {
            while true {
                let report = try await delivery.deliverDue()
                metrics.mailDelivered(report)
                for failure in report.failures {
                    logger.warning(
                        failure.permanent ? "Email failed permanently" : "Email delivery failed; it is retried later",
                        metadata: ["message": "\(failure.id)", "reply": "\(failure.reply)"])
                }
                if report.sent > 0 { logger.info("Emails sent", metadata: ["count": "\(report.sent)"]) }
                if report.withdrawn > 0 {
                    logger.info("Notifications not sent: their recipients unsubscribed", metadata: ["count": "\(report.withdrawn)"])
                }
                if report.claimed == 0 || report.sent == 0 { break }
            }
            metrics.mailBacklog(try await outbox.backlog(), now: clock.now)
        } catch is CancellationError {
        } catch {
            logger.error("Delivering queued email failed; the messages stay queued", metadata: ["error": "\(error)"])
        }
    }
}
