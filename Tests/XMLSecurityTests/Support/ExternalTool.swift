import Foundation

/// A command-line tool the suite cross-checks against (`xmlsec1`, `xmllint`, `openssl`, `python3`).
///
/// A missing tool is an error, never a skip: an interop test that silently does nothing would report
/// the crypto as checked when it was not.
struct ExternalTool {
    let name: String
    let executable: URL

    struct Result {
        let status: Int32
        let stdout: [UInt8]
        let stderr: [UInt8]

        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var stderrText: String { String(decoding: stderr, as: UTF8.self) }
        /// Both streams, for failure messages (xmlsec1 reports OK/FAIL on stderr, openssl on stdout).
        var output: String { stdoutText + stderrText }
    }

    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String {
            "\(name) was not found in /usr/bin or PATH; this interop test needs it (the CI installs xmlsec1, libxml2-utils, openssl, python3)."
        }
    }

    static func named(_ name: String) throws -> ExternalTool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = ["/usr/bin", "/usr/local/bin"] + path.split(separator: ":").map(String.init)
        for directory in directories {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return ExternalTool(name: name, executable: candidate)
            }
        }
        throw Missing(name: name)
    }

    static var xmlsec1: ExternalTool { get throws { try named("xmlsec1") } }
    static var xmllint: ExternalTool { get throws { try named("xmllint") } }
    static var openssl: ExternalTool { get throws { try named("openssl") } }
    static var python3: ExternalTool { get throws { try named("python3") } }

    /// Runs the tool to completion. Streams go through files rather than pipes, so a tool that writes
    /// a lot while we are still feeding it cannot deadlock the test.
    func run(_ arguments: [String], stdin: [UInt8]? = nil) throws -> Result {
        try TemporaryDirectory.with { io in
            let input = io.file("stdin")
            let output = io.file("stdout")
            let errors = io.file("stderr")
            try Data(stdin ?? []).write(to: input)
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)

            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            let inputHandle = try FileHandle(forReadingFrom: input)
            let outputHandle = try FileHandle(forWritingTo: output)
            let errorHandle = try FileHandle(forWritingTo: errors)
            defer {
                try? inputHandle.close()
                try? outputHandle.close()
                try? errorHandle.close()
            }
            process.standardInput = inputHandle
            process.standardOutput = outputHandle
            process.standardError = errorHandle
            try process.run()
            process.waitUntilExit()
            return Result(
                status: process.terminationStatus, stdout: try [UInt8](Data(contentsOf: output)),
                stderr: try [UInt8](Data(contentsOf: errors)))
        }
    }

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the tool and throws, with everything it printed, unless it exits with status 0: a fixture
    /// that could not be produced must fail the test that needs it.
    @discardableResult
    func runExpectingSuccess(_ arguments: [String], stdin: [UInt8]? = nil) throws -> Result {
        let result = try run(arguments, stdin: stdin)
        guard result.status == 0 else {
            throw Failed(description: "\(name) \(arguments.joined(separator: " ")) exited with \(result.status): \(result.output)")
        }
        return result
    }
}
