import ArgumentParser
import Foundation
import GatehouseApp
import GatehouseCore
import Logging

/// `gatehouse outbox`: the queued emails (registration, reset and invitation links, notifications),
/// what became of each, and a test of the configured delivery.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Queued emails and their delivery.",
        subcommands: [OutboxListCommand.self, OutboxRetryCommand.self, OutboxSendTestCommand.self])
}

struct OutboxListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Print queued emails (by default those not yet sent), newest first, with the mail server's last reply.")

    @OptionGroup var config: ConfigurationOptions

    @Flag(help: "Only the emails that failed for good (a permanent refusal, or retried past email.retry.max_age).")
    var failed = false

    @Flag(help: "Every email, sent ones included.")
    var all = false

    @Option(help: "At most this many.")
    var limit = 100

    @Flag(help: "One JSON object per line (id, to, subject, body, status, attempts, created, sent, failed, next_attempt, reply, kind).")
    var json = false

    func run() async throws {
        let (_, store) = try await config.openStore()
        let filter: OutboxFilter = failed ? .failed : all ? .all : .pending
        for message in try await store.outbox.messages(filter, limit: max(1, limit)) {
            if json {
                var object: [String: Any] = [
                    "id": message.id ?? 0, "to": message.recipient.value, "subject": message.subject, "body": message.body,
                    "status": message.status.rawValue, "attempts": message.attempts, "created": message.createdAt.formatted(.iso8601),
                    "kind": message.kind.rawValue,
                ]
                if let sent = message.sentAt { object["sent"] = sent.formatted(.iso8601) }
                if let failed = message.failedAt { object["failed"] = failed.formatted(.iso8601) }
                if let next = message.nextAttemptAt { object["next_attempt"] = next.formatted(.iso8601) }
                if let reply = message.lastReply { object["reply"] = reply }
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            } else {
                var state = "\(message.status.rawValue), \(message.attempts) attempt(s)"
                if let next = message.nextAttemptAt, message.status == .pending { state += ", next at \(next.formatted(.iso8601))" }
                print("#\(message.id ?? 0) to \(message.recipient.value) at \(message.createdAt.formatted(.iso8601)): \(state)")
                if let reply = message.lastReply { print("Server: \(reply)") }
                print("Subject: \(message.subject)\n\n\(message.body)\n")
            }
        }
    }
}

struct OutboxRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Make a failed (or waiting) email due now; the running server sends it within a second or two.")

    @OptionGroup var config: ConfigurationOptions

    @Argument(help: "The email's id (outbox list).")
    var id: Int64

    func run() async throws {
        let (_, store) = try await config.openStore()
        guard try await store.outbox.retry(id, at: Date()) else {
            throw CommandError("outbox retry: no unsent email #\(id)")
        }
        print("email #\(id) is due now")
    }
}

struct OutboxSendTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-test",
        abstract: "Send a test email now with the configured transport (not through the queue), printing the conversation with the server.")

    @OptionGroup var config: ConfigurationOptions

    @Option(help: "The address to send it to.")
    var to: String

    func run() async throws {
        let configuration = try await config.load()
        guard let recipient = EmailAddress(to) else { throw CommandError("outbox send-test: \(to.debugDescription) is not an email address") }
        var logger = Logger(label: "gatehouse")
        logger.logLevel = .warning
        let transcript: @Sendable (String) -> Void = { line in print(line) }
        guard let transport = configuration.email.makeTransport(clock: SystemClock(), logger: logger, transcript: transcript) else {
            throw CommandError("outbox send-test: email.transport is none in \(configuration.source); set smtp or sendmail")
        }
        let message = OutboxMessage(
            recipient: recipient, subject: "\(configuration.portal.title): test email",
            body: "This is a test email from \(configuration.portal.title) (gatehouse outbox send-test).\n\n\(configuration.portal.baseURL.url("/"))",
            createdAt: Date())
        let failure: String
        switch await transport.deliver([message]).first {
        case .sent(let reply):
            print("sent: \(reply)")
            return
        case .temporary(let reply): failure = "not sent (a temporary failure: queued emails would be retried): \(reply)"
        case .permanent(let reply): failure = "refused (a permanent failure): \(reply)"
        case nil: failure = "the transport gave no outcome"
        }
        FileHandle.standardError.write(Data("outbox send-test: \(failure)\n".utf8))
        throw ExitCode.failure
    }
}
