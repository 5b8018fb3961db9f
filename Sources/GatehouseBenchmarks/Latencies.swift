/// Per-call latencies: a page view feels the tail, which a throughput median hides.
struct Latencies {
    private(set) var microseconds: [Double] = []

    mutating func record(_ duration: Duration) {
        microseconds.append(Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12)
    }

    struct Summary {
        let p50: Double
        let p90: Double
        let p99: Double
        let max: Double
    }

    /// Nearest-rank percentiles.
    var summary: Summary {
        let sorted = microseconds.sorted()
        guard !sorted.isEmpty else { return Summary(p50: 0, p90: 0, p99: 0, max: 0) }
        func rank(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int((fraction * Double(sorted.count)).rounded(.up)) - 1)] }
        return Summary(p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: sorted[sorted.count - 1])
    }
}
