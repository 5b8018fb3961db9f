import Foundation
import Testing
import XMLSecurity

/// Raw DEFLATE (RFC 1951) for the HTTP-Redirect binding, cross-checked with Python's zlib (wbits -15).
@Suite struct RawDeflateTests {
    static let inputs: [[UInt8]] = [
        [],
        [0x41],
        "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_x\"/>".bytes,
        [UInt8](repeating: 0, count: 200_000),
        (0..<150_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) },
    ]

    static func python(_ script: String, stdin: [UInt8]) throws -> [UInt8] {
        try ExternalTool.python3.runExpectingSuccess(["-c", script], stdin: stdin).stdout
    }

    static let pythonInflate = "import zlib,sys; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read(), -15))"
    static let pythonDeflate =
        "import zlib,sys; c=zlib.compressobj(6, zlib.DEFLATED, -15); sys.stdout.buffer.write(c.compress(sys.stdin.buffer.read())+c.flush())"

    @Test(arguments: inputs.indices)
    func roundTrip(_ index: Int) throws {
        let input = Self.inputs[index]
        let compressed = RawDeflate.compress(input)
        #expect(try RawDeflate.decompress(compressed, limit: input.count) == input)
        // No zlib header (0x78) or gzip magic: raw deflate only.
        #expect(compressed.first != 0x1F)
    }

    @Test(arguments: inputs.indices)
    func pythonInflatesOurs(_ index: Int) throws {
        let input = Self.inputs[index]
        #expect(try Self.python(Self.pythonInflate, stdin: RawDeflate.compress(input)) == input)
    }

    @Test(arguments: inputs.indices)
    func weInflatePythons(_ index: Int) throws {
        let input = Self.inputs[index]
        let compressed = try Self.python(Self.pythonDeflate, stdin: input)
        #expect(try RawDeflate.decompress(compressed, limit: 1 << 20) == input)
    }

    @Test func compressionActuallyCompresses() {
        #expect(RawDeflate.compress([UInt8](repeating: 0, count: 200_000)).count < 1000)
    }

    @Test func outputOverTheLimitIsRefused() throws {
        let bomb = RawDeflate.compress([UInt8](repeating: 0, count: 5_000_000))
        #expect(bomb.count < 10_000)
        expectError(.inputTooLarge) { try RawDeflate.decompress(bomb, limit: 64 * 1024) }
        let exact = RawDeflate.compress([UInt8](repeating: 7, count: 1000))
        #expect(try RawDeflate.decompress(exact, limit: 1000).count == 1000)
        expectError(.inputTooLarge) { try RawDeflate.decompress(exact, limit: 999) }
    }

    @Test func invalidStreamsAreRefused() throws {
        let valid = RawDeflate.compress(Self.inputs[2])
        let zlibWrapped = try Self.python("import zlib,sys; sys.stdout.buffer.write(zlib.compress(sys.stdin.buffer.read()))", stdin: Self.inputs[2])
        let garbage: [[UInt8]] = [
            [],
            "not deflate at all".bytes,
            [0xFF, 0xFF, 0xFF, 0xFF],
            Array(valid.prefix(valid.count / 2)),
            zlibWrapped,
        ]
        for bytes in garbage {
            expectError(.encodingInvalid) { try RawDeflate.decompress(bytes, limit: 1 << 20) }
        }
    }
}
