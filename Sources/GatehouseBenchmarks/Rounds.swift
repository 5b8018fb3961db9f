/// Throughput measured in rounds: each round times a fixed number of iterations, and figures are
/// medians over rounds, so one preempted round cannot move the result.
struct Rounds {
    private(set) var perSecond: [Double] = []

    mutating func time(iterations: Int, _ body: () -> Void) {
        let start = ContinuousClock.now
        for _ in 0..<iterations { body() }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        perSecond.append(Double(iterations) / seconds)
    }

    /// Adds a round measured elsewhere (asynchronous work), in operations per second.
    mutating func append(_ operationsPerSecond: Double) {
        perSecond.append(operationsPerSecond)
    }

    var median: Double {
        let sorted = perSecond.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Microseconds per operation at the median.
    var medianMicroseconds: Double { 1e6 / median }

    /// Spread of the rounds (interquartile range relative to the median), to judge the noise.
    var relativeSpread: Double {
        let sorted = perSecond.sorted()
        guard sorted.count >= 4 else { return 0 }
        return (sorted[sorted.count * 3 / 4] - sorted[sorted.count / 4]) / median
    }

    /// Iterations that take roughly `target` seconds, from one timed trial.
    static func calibrate(target: Double, _ body: () -> Void) -> Int {
        var trial = Rounds()
        trial.time(iterations: 200, body)
        return max(100, Int(trial.median * target))
    }
}
