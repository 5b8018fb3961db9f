import Foundation
import GatehouseCore
import Mail
import NIOPosix

/// Pipes each message to a `sendmail -t -i` compatible command (postfix, exim, msmtp, nullmailer):
/// the recipients come from the message's headers (`-t`), a line with a lone dot does not end it
/// (`-i`). The exit status is read as sendmail's (sysexits.h): 0 sent; EX_TEMPFAIL (75) and the
/// "try later" statuses (69 unavailable, 71 OS error, 74 I/O error), a signal or a timeout temporary;
/// any other status permanent.
struct SendmailTransport: MailTransport {
    let command: [String]
    let composer: MailComposer
    var timeout: Duration = .seconds(60)

    static let temporaryStatuses: Set<Int32> = [69, 71, 74, 75]

    func deliver(_ messages: [OutboxMessage]) async -> [DeliveryOutcome] {
        var outcomes: [DeliveryOutcome] = []
        for message in messages {
            do {
                let mail = try composer.compose(message)
                outcomes.append(await send(mail.encoded()))
            } catch {
                outcomes.append(.permanent(error.description))
            }
        }
        return outcomes
    }

    /// On NIO's blocking thread pool: starting the process, the pipe writes and the wait are blocking
    /// calls, which must not hold an event loop or a cooperative thread (a hung command would stall them).
    private func send(_ bytes: [UInt8]) async -> DeliveryOutcome {
        let command = command
        let timeout = timeout
        do {
            return try await NIOThreadPool.singleton.runIfActive { Self.run(command, input: bytes, timeout: timeout) }
        } catch {
            return .temporary(MailError(.sendmailFailed, "could not run \(command[0]): \(error)").description)
        }
    }

    private static func run(_ command: [String], input bytes: [UInt8], timeout: Duration) -> DeliveryOutcome {
        func failure(_ detail: String) -> String { MailError(.sendmailFailed, detail).description }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            return .temporary(failure("could not start \(command[0]): \(error)"))
        }
        // sendmail wants LF line ends on its input; it writes the CRLF itself.
        var unix: [UInt8] = []
        unix.reserveCapacity(bytes.count)
        for byte in bytes where byte != 0x0D { unix.append(byte) }
        let writer = input.fileHandleForWriting
        try? writer.write(contentsOf: Data(unix))
        try? writer.close()
        let (seconds, attoseconds) = timeout.components
        guard exited.wait(timeout: .now() + Double(seconds) + Double(attoseconds) / 1e18) == .success else {
            process.terminate()
            return .temporary(failure("\(command[0]) did not finish within \(timeout)"))
        }
        let status = process.terminationStatus
        // Read only once it has exited: the pipe ends then, so the read cannot outlast the timeout.
        let said = String(decoding: (try? output.fileHandleForReading.readToEnd()) ?? Data(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).prefix(300)
        let detail = "\(command[0]) exited with status \(status)\(said.isEmpty ? "" : ": \(said)")"
        if status == 0 { return .sent(said.isEmpty ? "\(command[0]) accepted the message" : String(said)) }
        if process.terminationReason == .uncaughtSignal || temporaryStatuses.contains(status) {
            return .temporary(failure(detail))
        }
        return .permanent(failure(detail))
    }
}
