import Foundation
import Testing
import XMLSecurity

/// Base64 as found in SignatureValue, CipherValue and form posts: XML whitespace tolerated, anything
/// else refused (Foundation's `.ignoreUnknownCharacters` would skip garbage silently).
@Suite struct Base64Tests {
    @Test func decodesCanonicalInput() {
        #expect(Base64.decode("QUJD") == "ABC".bytes)
        #expect(Base64.decode("QUI=") == "AB".bytes)
        #expect(Base64.decode("QQ==") == "A".bytes)
        #expect(Base64.decode("/+/+") == [0xFF, 0xEF, 0xFE])
    }

    @Test func emptyAndWhitespaceOnlyDecodeToNothing() {
        #expect(Base64.decode("") == [])
        #expect(Base64.decode(" \n\t\r ") == [])
    }

    @Test func xmlWhitespaceIsIgnoredAnywhere() {
        #expect(Base64.decode("  QU\nJD\r\n\tQU I= \n") == "ABCAB".bytes)
        #expect(Base64.decode("QQ=\n=") == "A".bytes)
        let wrapped = "\n      " + stride(from: 0, to: 88, by: 8).map { _ in "QUJDREVG" }.joined(separator: "\n      ") + "\n    "
        #expect(Base64.decode(wrapped) == Array(repeating: "ABCDEF".bytes, count: 11).flatMap { $0 })
    }

    @Test(arguments: [
        "QUJD*", "QU-D", "QU_D", "QUJD\u{0}", "QUJ\u{C}D", "QUJ\u{A0}D", "QUJ\u{E9}", "\u{FEFF}QUJD", "QUJD.",
    ])
    func strayCharactersAreRefused(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test(arguments: ["Q", "QU", "QUJ", "QUJDQ", "QQ=", "Q===", "====", "=QUJ", "QUJD=", "QUJD==", "QUJD===", "A=B="])
    func badLengthOrPaddingIsRefused(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test(arguments: ["QQ==QUJD", "QUI=QUJD", "QQ==\nQQ==", "QUI=A===", "QQ=A"])
    func dataAfterPaddingIsRefused(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func roundTripsEveryLengthAgainstFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Base64.encode(bytes)
            #expect(encoded == Data(bytes).base64EncodedString())
            #expect(Base64.decode(encoded) == bytes)
            #expect(Base64.decode(Data(bytes).base64EncodedString(options: .lineLength64Characters)) == bytes)
        }
    }

    @Test func decodesFromByteBuffers() {
        let text = "SGVs\nbG8="
        let decoded = text.bytes.withUnsafeBufferPointer { Base64.decode(bytes: $0) }
        #expect(decoded == "Hello".bytes)
        let bad = "SGVs*".bytes.withUnsafeBufferPointer { Base64.decode(bytes: $0) }
        #expect(bad == nil)
        #expect(Base64.decode("SGVsbG8=".dropFirst(0)) == "Hello".bytes)
    }

    /// Same verdicts as `openssl base64 -d` on valid input (openssl is laxer on invalid input, so only
    /// the accepting direction is compared).
    @Test func agreesWithOpenSSLOnValidInput() throws {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 13) }
        let encoded = try ExternalTool.openssl.runExpectingSuccess(["base64", "-e"], stdin: bytes).stdoutText
        #expect(encoded.contains("\n"))
        #expect(Base64.decode(encoded) == bytes)
    }
}
