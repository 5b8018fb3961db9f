import Foundation
import Testing

/// Runs an independent implementation (xmlsec1, openssl, xmllint, python3) for cross-checks.
/// A missing tool fails the test: `scripts/test` installs them, and a skipped cross-check proves nothing.
struct ExternalTool {
    struct Result {
        let status: Int32
        let stdout: Data
        let stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    let path: String

    init(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let candidates =
            ["/usr/bin/\(name)", "/usr/local/bin/\(name)"]
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("\(name) is not installed; run scripts/test, which installs it", sourceLocation: sourceLocation)
            throw MissingTool(name: name)
        }
        path = found
    }

    struct MissingTool: Error { let name: String }

    @discardableResult
    func run(_ arguments: [String], stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: out, stderr: String(decoding: err, as: UTF8.self))
    }
}

/// A scratch directory for one test, removed when the value goes away.
final class ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `contents` to `name` and returns the path.
    @discardableResult
    func write(_ name: String, _ contents: some DataProtocol) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(contents).write(to: file)
        return file.path
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }
}
