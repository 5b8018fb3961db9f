import Foundation
import Testing

@testable import Mail

@Suite struct MailMessageTests {
    let date = Date(timeIntervalSince1970: 1_796_000_000)

    func message(subject: String = "Hello", name: String? = "Support", text: String = "Hi", html: String? = nil) throws -> MailMessage {
        try MailMessage(
            from: MailAddress("support@gatehouse.test", displayName: name), to: MailAddress("ada@example.com", displayName: "Ada"),
            replyTo: MailAddress("help@gatehouse.test"), subject: subject, date: date, messageID: "0123abcd@gatehouse.test", text: text, html: html,
            headers: [MailHeader("Auto-Submitted", "auto-generated")])
    }

    /// Python's `email` package reads the encoded message: the independent reader.
    func parsed(_ bytes: [UInt8]) throws -> [String: String] {
        let script = """
            import email, email.policy, json, sys
            raw = sys.stdin.buffer.read()
            m = email.message_from_bytes(raw, policy=email.policy.default)
            out = {"subject": str(m["Subject"]), "from_name": m["From"].addresses[0].display_name,
                   "from": m["From"].addresses[0].addr_spec, "to": m["To"].addresses[0].addr_spec,
                   "message_id": m["Message-ID"], "type": m.get_content_type(),
                   "defects": str(len(m.defects)), "max_line": str(max(len(l) for l in raw.split(b"\\r\\n"))),
                   "bare_lf": str(b"\\n" in raw.replace(b"\\r\\n", b"")), "eight_bit": str(any(b > 127 for b in raw))}
            out["text"] = m.get_body(("plain",)).get_content().replace("\\r\\n", "\\n")
            html = m.get_body(("html",))
            out["html"] = html.get_content().replace("\\r\\n", "\\n") if html is not None else ""
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data(bytes))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    @Test("Non-ASCII subjects and names become encoded words that Python decodes back, lines stay short and 7-bit")
    func encodedWords() throws {
        let subject = "Vahvista tilisi – Ääkköset ja 🙂 emoji, " + String(repeating: "pitkä otsikko ", count: 8)
        let result = try parsed(try message(subject: subject, name: "Tukipalvelu Ääkköset \"Oy\"").encoded())
        #expect(result["subject"] == subject)
        #expect(result["from_name"] == "Tukipalvelu Ääkköset \"Oy\"")
        #expect(result["from"] == "support@gatehouse.test" && result["to"] == "ada@example.com")
        #expect(result["message_id"] == "<0123abcd@gatehouse.test>")
        #expect(result["defects"] == "0" && result["bare_lf"] == "False" && result["eight_bit"] == "False")
        #expect(Int(result["max_line"] ?? "999")! <= 78)
    }

    @Test("ASCII names with quotes and backslashes are quoted strings")
    func quotedNames() throws {
        let result = try parsed(try message(name: #"Support "Desk" \ Team"#).encoded())
        #expect(result["from_name"] == #"Support "Desk" \ Team"#)
    }

    @Test("Bodies: long lines, leading dots, trailing spaces, CR/LF/CRLF and non-ASCII survive quoted-printable")
    func bodies() throws {
        let text = "Rivi 1: ääkköset\r\n.leading dot\n..two dots\nspace at end   \n\ttab\rlone CR\n" + String(repeating: "x", count: 300) + "\nend"
        let html = "<p>" + String(repeating: "<b>bold</b> ", count: 40) + "</p>"
        let encoded = try message(text: text, html: html).encoded(boundary: "=_test_boundary")
        let result = try parsed(encoded)
        #expect(result["type"] == "multipart/alternative")
        let expectedText = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") + "\n"
        #expect(result["text"] == expectedText)
        #expect(result["html"] == html + "\n")
        #expect(Int(result["max_line"] ?? "999")! <= 78 && result["eight_bit"] == "False")
    }

    @Test("Dot-stuffing doubles every leading dot and ends the data with CRLF")
    func dotStuffing() {
        let stuffed = SMTPSession.dotStuffed(Array(".a\r\nb\r\n..c\r\n.".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "..a\r\nb\r\n...c\r\n..\r\n")
    }

    @Test("Header injection is refused where values enter: CR/LF in addresses, names, subjects and headers")
    func headerInjection() throws {
        #expect(throws: MailError.self) { try MailAddress("ada@example.com\r\nBcc: eve@example.com") }
        #expect(throws: MailError.self) { try MailAddress("ada@example.com", displayName: "Ada\nBcc: eve@example.com") }
        #expect(throws: MailError.self) { try MailAddress("<ada@example.com>") }
        #expect(throws: MailError.self) { try MailAddress("ada example@example.com") }
        #expect(throws: MailError.self) { try MailAddress("ada@localhost") }
        #expect(throws: MailError.self) { try self.message(subject: "Hi\r\nBcc: eve@example.com") }
        #expect(throws: MailError.self) { try self.message(subject: "Hi\u{2028}there") }
        #expect(throws: MailError.self) { try MailHeader("X-Bad", "a\r\nb") }
        #expect(throws: MailError.self) { try MailHeader("Bad Name", "a") }
        #expect(throws: MailError.self) {
            try MailMessage(
                from: MailAddress("a@example.com"), to: MailAddress("b@example.com"), subject: "s", date: self.date, messageID: "a>b@c", text: "")
        }
    }

    @Test("Replies: multiline EHLO with its extensions; a broken line is a protocol violation")
    func replies() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.feed("250-mail.example.com") == nil)
        #expect(try parser.feed("250-SIZE 1000") == nil)
        #expect(try parser.feed("250-AUTH LOGIN plain") == nil)
        #expect(try parser.feed("250-8BITMIME") == nil)
        #expect(try parser.feed("250-STARTTLS") == nil)
        let reply = try #require(try parser.feed("250 SMTPUTF8"))
        let extensions = SMTPExtensions(ehlo: reply)
        #expect(extensions.sizeLimit == 1000 && extensions.authMechanisms == ["LOGIN", "PLAIN"])
        #expect(extensions.startTLS && extensions.eightBitMIME && extensions.smtpUTF8)
        #expect(throws: MailError.self) { try parser.feed("hello") }
        var mixed = SMTPReplyParser()
        _ = try mixed.feed("250-a")
        #expect(throws: MailError.self) { try mixed.feed("550 b") }
        #expect(SMTPReply(code: 451, lines: ["later"]).isTransient && !SMTPReply(code: 550, lines: []).isTransient)
    }
}
