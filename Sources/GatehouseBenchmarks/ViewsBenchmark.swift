import Foundation
@_spi(Benchmarks) import GatehouseApp

/// `views`: the built-in pages rendered by their compiled views against the same models rendered by their
/// Mustache templates (the old view layer, and what an operator's override of that page costs), in the same
/// run: medians of `--rounds` rounds of about half a second each; `--cpu N` pins the process to one CPU.
struct ViewsBenchmark {
    var rounds = 7
    var cpu: Int?

    init(arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--rounds": rounds = Int(iterator.next() ?? "") ?? rounds
            case "--cpu": cpu = Int(iterator.next() ?? "")
            default: throw BenchmarkError("unknown option \(argument)")
            }
        }
    }

    func run() async throws {
        if let cpu { ProcessResources.pinOrReexec(cpu: cpu) }
        let copies = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-views-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copies, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copies) }
        let samples = try await PageSamples(templateCopies: copies)
        print("views — compiled page vs the same model through its Mustache template, \(rounds) rounds, medians")
        var sink = 0
        for page in PageSamples.Page.allCases {
            let bytes = samples.render(page, compiled: true)
            var compiled = Rounds()
            var mustache = Rounds()
            let compiledIterations = Rounds.calibrate(target: 0.5) { sink &+= samples.render(page, compiled: true) }
            let mustacheIterations = Rounds.calibrate(target: 0.5) { sink &+= samples.render(page, compiled: false) }
            for _ in 0..<rounds {
                compiled.time(iterations: compiledIterations) { sink &+= samples.render(page, compiled: true) }
                mustache.time(iterations: mustacheIterations) { sink &+= samples.render(page, compiled: false) }
            }
            let ratio = compiled.median / mustache.median
            print(
                "  \(page.rawValue) (\(bytes) bytes): compiled \(Self.format(compiled.medianMicroseconds)) µs, Mustache \(Self.format(mustache.medianMicroseconds)) µs"
                    + " — \(String(format: "%.1f", ratio))× faster (spread \(Self.percent(compiled.relativeSpread)) / \(Self.percent(mustache.relativeSpread)))"
            )
        }
        if sink == 42 { print("") }  // keeps the renders from being optimised away
    }

    static func format(_ value: Double) -> String { String(format: value < 10 ? "%.2f" : "%.1f", value) }
    static func percent(_ value: Double) -> String { String(format: "%.0f%%", value * 100) }
}
