import Foundation
import GatehouseApp
import Logging
import Testing

@Suite struct JSONLogHandlerTests {
    @Test("One line of JSON: time, level, message, label and each metadata key as a member")
    func members() throws {
        let capture = LogCapture()
        var logger = capture.logger()
        logger[metadataKey: "instance"] = "web-1-3fa9c2"
        logger[metadataKey: "hb.request.id"] = "lb-42"
        logger.info(
            "Request completed",
            metadata: [
                "route": "/tickets/{id}", "status": .stringConvertible(404), "duration_ms": .stringConvertible(1.25), "reason": "request.not_found",
            ])
        logger.debug("below the level")
        let lines = capture.raw
        try #require(lines.count == 1)
        let text = String(decoding: lines[0], as: UTF8.self)
        #expect(text.hasSuffix("}\n") && text.filter { $0 == "\n" }.count == 1)
        let object = try #require(try capture.objects().first)
        #expect(object["time"] as? String == "2024-05-06T12:53:20.125Z")
        #expect(object["level"] as? String == "info")
        #expect(object["message"] as? String == "Request completed")
        #expect(object["label"] as? String == "gatehouse")
        #expect(object["instance"] as? String == "web-1-3fa9c2")
        #expect(object["request_id"] as? String == "lb-42" && object["hb.request.id"] == nil)
        #expect(object["route"] as? String == "/tickets/{id}")
        #expect(object["reason"] as? String == "request.not_found")
        // Numbers stay numbers.
        #expect(text.contains(#""status":404"#) && text.contains(#""duration_ms":1.25"#))
    }

    @Test("Quotes, backslashes, newlines, control characters and non-ASCII are escaped, the line stays one line")
    func escaping() throws {
        let capture = LogCapture()
        let hostile = "say \"hi\"\\ \nnext line\r\t\u{01}\u{1B}[31m ä€😀 </script>"
        capture.logger().warning("\(hostile)", metadata: ["detail": "\(hostile)", "nested": ["list": ["a\"b", "\n"]]])
        let line = try #require(capture.raw.first)
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.filter { $0 == "\n" || $0 == "\r" }.count == 1 && text.last == "\n")
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(text.contains(#"\"hi\""#) && text.contains(#"\\"#) && text.contains(#"\n"#) && text.contains(#"\u0001"#))
        let object = try #require(try capture.objects().first)
        #expect(object["message"] as? String == hostile)
        #expect(object["detail"] as? String == hostile)
        #expect(((object["nested"] as? [String: Any])?["list"] as? [String]) == ["a\"b", "\n"])
        #expect(object["level"] as? String == "warning")
    }

    @Test("Metadata named like a fixed member is kept beside it; an error's message and type are members")
    func collisionsAndErrors() throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "disk on fire" } }
        let capture = LogCapture()
        capture.logger().error("failed", error: Broken(), metadata: ["message": "from metadata"])
        let object = try #require(try capture.objects().first)
        #expect(object["message"] as? String == "failed")
        #expect(object["metadata.message"] as? String == "from metadata")
        #expect(object["error.message"] as? String == "disk on fire")
        #expect((object["error.type"] as? String)?.hasSuffix("Broken") == true)
    }

    @Test("Non-finite numbers are written as strings (JSON has no NaN)")
    func nonFinite() throws {
        let capture = LogCapture()
        capture.logger().info("odd", metadata: ["ratio": .stringConvertible(Double.nan), "big": .stringConvertible(UInt64.max)])
        let object = try #require(try capture.objects().first)
        #expect(object["ratio"] as? String == "nan")
        #expect(object["big"] as? String == "18446744073709551615")
    }
}
