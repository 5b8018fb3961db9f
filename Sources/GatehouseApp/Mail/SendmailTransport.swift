import Foundation
import GatehouseCore
import Mail

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

    private func send(_ bytes: [UInt8]) async -> DeliveryOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let finished = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            finished.continuation.yield(process.terminationStatus)
            finished.continuation.finish()
        }
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
        let timeout = timeout
        let status = await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                var iterator = finished.stream.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let status else {
            process.terminate()
            return .temporary(failure("\(command[0]) did not finish within \(timeout)"))
        }
        // Read only once it has exited: the pipe ends then, so the read cannot outlast the timeout.
        let said = String(decoding: (try? output.fileHandleForReading.readToEnd()) ?? Data(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).prefix(300)
        let detail = "\(command[0]) exited with status \(status)\(said.isEmpty ? "" : ": \(said)")"
        if status == 0 { return .sent(said.isEmpty ? "\(command[0]) accepted the message" : String(said)) }
        if process.terminationReason == .uncaughtSignal || Self.temporaryStatuses.contains(status) {
            return .temporary(failure(detail))
        }
        return .permanent(failure(detail))
    }

    private func failure(_ detail: String) -> String {
        MailError(.sendmailFailed, detail).description
    }
}
