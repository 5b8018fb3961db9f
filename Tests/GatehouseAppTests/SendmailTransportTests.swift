import Foundation
import GatehouseCore
import Mail
import Testing

@testable import GatehouseApp

/// The exit status of a sendmail-compatible command, read as sysexits; the command here is a shell script
/// standing in for postfix's sendmail (a unit test: the end-to-end mail suite uses a real SMTP server).
@Suite struct SendmailTransportTests {
    func transport(_ script: String, timeout: Duration = .seconds(10)) throws -> (SendmailTransport, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sendmail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let command = directory.appendingPathComponent("sendmail")
        try ("#!/bin/sh\n" + script.replacingOccurrences(of: "DIR", with: directory.path) + "\n").write(
            to: command, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: command.path)
        let composer = MailComposer(
            from: try MailAddress("support@gatehouse.test", displayName: "Support"), replyTo: nil,
            clock: FixedClock(Date(timeIntervalSince1970: 1_800_000_000)))
        return (SendmailTransport(command: [command.path, "-t", "-i"], composer: composer, timeout: timeout), directory)
    }

    let message = OutboxMessage(
        recipient: EmailAddress("ada@example.com")!, subject: "Hello", body: "Line one\n.\nLine three", createdAt: Date(timeIntervalSince1970: 0))

    @Test("Exit 0: sent; the command got the arguments and the message with LF line ends")
    func sent() async throws {
        let (sendmail, directory) = try transport(#"echo "$@" > DIR/args; cat > DIR/message; echo "queued as 123""#)
        #expect(await sendmail.deliver([message]) == [.sent("queued as 123")])
        #expect(try String(contentsOf: directory.appendingPathComponent("args"), encoding: .utf8) == "-t -i\n")
        let received = try String(contentsOf: directory.appendingPathComponent("message"), encoding: .utf8)
        #expect(received.contains("To: ada@example.com\n") && !received.contains("\r"))
        #expect(received.contains("=2E\n"))  // the lone dot line, encoded: -i or not, it cannot end the message
    }

    @Test("EX_TEMPFAIL and the other try-later statuses are temporary; other statuses permanent, with the command's output")
    func statuses() async throws {
        for (status, temporary) in [(75, true), (69, true), (71, true), (74, true), (67, false), (64, false), (1, false)] {
            let (sendmail, _) = try transport("cat > /dev/null; echo 'said \(status)' >&2; exit \(status)")
            let outcome = try #require(await sendmail.deliver([message]).first)
            let text = "mail.sendmail_failed: "
            switch outcome {
            case .temporary(let reply): #expect(temporary && reply.hasPrefix(text) && reply.contains("status \(status): said \(status)"))
            case .permanent(let reply): #expect(!temporary && reply.hasPrefix(text) && reply.contains("status \(status)"))
            case .sent: Issue.record("status \(status) counted as sent")
            }
        }
    }

    @Test("A command that does not finish within the timeout is stopped: temporary")
    func timeout() async throws {
        let (sendmail, _) = try transport("cat > /dev/null; sleep 30", timeout: .milliseconds(300))
        let started = ContinuousClock.now
        let outcome = await sendmail.deliver([message])
        // The command would run 30 s: answered well before it ends, it was not waited for (a generous
        // bound: a cold build beside the suite can delay any thread by seconds).
        #expect(ContinuousClock.now - started < .seconds(25))
        guard case .temporary(let reply) = outcome.first else {
            Issue.record("expected a temporary failure, got \(outcome)")
            return
        }
        #expect(reply.contains("did not finish"))
    }
}
