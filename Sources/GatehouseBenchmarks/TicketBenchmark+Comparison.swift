extension TicketBenchmark {
    /// One way of answering the same page, called with a contact id; returns the page's total.
    struct Variant {
        let label: String
        let call: (Int64) async throws -> Int

        init(_ label: String, _ call: @escaping (Int64) async throws -> Int) {
            self.label = label
            self.call = call
        }
    }

    /// A variant's latencies over one measurement.
    struct Outcome {
        let label: String
        var latencies = Latencies()
        /// Sum of the pages' totals (tickets, or hits for a search).
        var totals = 0

        var averageTotal: Double { Double(totals) / Double(max(1, latencies.microseconds.count)) }
    }

    /// Runs `calls` calls of each variant (fewer when the variant has used up its time budget) in ten
    /// interleaved blocks, so a burst of load on the shared machine (a build) lands on every variant alike.
    func compare(_ variants: [Variant], calls: Int, seed: UInt64) async throws -> [Outcome] {
        var results = variants.map { Outcome(label: $0.label) }
        var generators = variants.indices.map { TicketCorpus.SplitMix64(seed: seed &* 1000 &+ UInt64($0)) }
        let blocks = 10
        let blockBudget = Duration.milliseconds(Int64(budget * 1000) / Int64(blocks))
        for block in 0..<blocks {
            for index in variants.indices {
                let count = calls / blocks + (block < calls % blocks ? 1 : 0)
                let blockStart = ContinuousClock.now
                for _ in 0..<count where ContinuousClock.now - blockStart < blockBudget {
                    let contact = Int64(generators[index].next(below: UInt64(contacts))) + 1
                    let start = ContinuousClock.now
                    let pageTotal = try await variants[index].call(contact)
                    results[index].latencies.record(ContinuousClock.now - start)
                    results[index].totals += pageTotal
                }
            }
        }
        return results
    }
}
