import Foundation
import GatehouseCore
import Metrics
import Prometheus

/// Counters and timers exported at `/metrics`: sign-ins by method, refusals by method and reason code,
/// and request latency by route. Metrics go to this registry, not to a process-wide bootstrap, so
/// several apps (tests) can run in one process.
public final class GatehouseMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2),
        ]
        self.factory = factory
    }

    public func signedIn(_ method: AuthenticationMethod) {
        Counter(label: "gatehouse_logins_total", dimensions: [("method", method.rawValue)], factory: factory).increment()
    }

    public func refused(_ method: AuthenticationMethod?, reason: ReasonCode) {
        Counter(
            label: "gatehouse_rejections_total", dimensions: [("method", method?.rawValue ?? "none"), ("reason", reason.rawValue)],
            factory: factory
        ).increment()
    }

    public func requestCompleted(route: String, method: String, status: Int, nanoseconds: Int64) {
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        Timer(label: "gatehouse_http_request_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds, factory: factory)
            .recordNanoseconds(nanoseconds)
    }

    /// `gatehouse_instance_info{instance="ID"} 1`: which instance (`server.instance_id`) this exposition is from.
    public func instance(_ id: String) {
        Gauge(label: "gatehouse_instance_info", dimensions: [("instance", id)], factory: factory).record(1)
    }

    /// The Prometheus text exposition.
    public func exposition() -> String {
        registry.emitToString()
    }
}

extension GatehouseMetrics {
    /// `gatehouse_mail_deliveries_total{outcome="sent|temporary|permanent|withdrawn"}` (withdrawn: a
    /// notification whose recipient unsubscribed before it left).
    func mailDelivered(_ report: OutboxDelivery.Report) {
        let outcomes = [("sent", report.sent), ("temporary", report.temporary), ("permanent", report.permanent), ("withdrawn", report.withdrawn)]
        for (outcome, count) in outcomes where count > 0 {
            Counter(label: "gatehouse_mail_deliveries_total", dimensions: [("outcome", outcome)], factory: factory).increment(by: count)
        }
    }

    /// `gatehouse_mail_queue_depth` (unsent, unfailed) and `gatehouse_mail_oldest_unsent_seconds`
    /// (0 when the queue is empty): a mail server that is down shows here, not in `/readyz`.
    func mailBacklog(_ backlog: OutboxBacklog, now: Date) {
        Gauge(label: "gatehouse_mail_queue_depth", factory: factory).record(backlog.count)
        Gauge(label: "gatehouse_mail_oldest_unsent_seconds", factory: factory).record(max(0, backlog.oldest.map { now.timeIntervalSince($0) } ?? 0))
    }
}
