import Foundation

/// Runs libxmlsec1 (python-xmlsec) on the same bytes in a child process pinned to the same CPU.
struct XMLSecBaseline {
    let medianPerSecond: Double
    let version: String

    static func run(responsePath: String, certificatePath: String, rounds: Int, iterations: Int) throws -> XMLSecBaseline {
        let script = PackagePaths.root.appendingPathComponent("scripts/bench/xmlsec-baseline").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = [responsePath, certificatePath, String(rounds), String(iterations)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let median = json["median_per_second"] as? Double
        else {
            throw BenchmarkError("the libxmlsec1 baseline failed (exit \(process.terminationStatus)): \(String(decoding: data, as: UTF8.self))")
        }
        return XMLSecBaseline(
            medianPerSecond: median, version: "libxmlsec1 \(json["libxmlsec1"] ?? "?") / libxml2 \(json["libxml2"] ?? "?")")
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum PackagePaths {
    /// The package root, from this source file's location (the benchmark runs from a checkout).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
