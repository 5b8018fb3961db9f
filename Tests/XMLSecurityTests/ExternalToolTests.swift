import Foundation
import Testing

/// The harness behind every interop test: a missing tool must fail loudly, and output must come back
/// whole even when it is larger than a pipe buffer.
@Suite struct ExternalToolTests {
    @Test func missingToolIsAnError() {
        #expect(throws: ExternalTool.Missing.self) { try ExternalTool.named("no-such-tool-\(UUID().uuidString)") }
    }

    @Test func capturesStatusStreamsAndStdin() throws {
        let input = [UInt8](repeating: 0x61, count: 300_000)
        let script = "import sys; d=sys.stdin.buffer.read(); sys.stdout.buffer.write(d); sys.stderr.write('err'); sys.exit(3)"
        let result = try ExternalTool.python3.run(["-c", script], stdin: input)
        #expect(result.status == 3)
        #expect(result.stdout == input)
        #expect(result.stderrText == "err")
        #expect(throws: ExternalTool.Failed.self) { try ExternalTool.python3.runExpectingSuccess(["-c", "import sys; sys.exit(1)"]) }
    }
}
