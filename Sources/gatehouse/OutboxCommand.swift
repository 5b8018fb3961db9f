import ArgumentParser
import Foundation
import GatehouseCore

/// `gatehouse outbox list`: the emails waiting to be sent (registration, reset and invitation links).
/// Gatehouse queues them transactionally; delivery by SMTP is a later issue.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "Queued emails.", subcommands: [OutboxListCommand.self])
}

struct OutboxListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Print queued emails.")

    @OptionGroup var config: ConfigurationOptions

    @Flag(help: "One JSON object per line (id, to, subject, body, created).")
    var json = false

    func run() async throws {
        let (_, store) = try await config.openStore()
        for message in try await store.outbox.pending() {
            if json {
                let object: [String: String] = [
                    "id": String(message.id ?? 0), "to": message.recipient.value, "subject": message.subject, "body": message.body,
                    "created": message.createdAt.formatted(.iso8601),
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(
                    "#\(message.id ?? 0) to \(message.recipient.value) at \(message.createdAt.formatted(.iso8601))\nSubject: \(message.subject)\n\n\(message.body)\n"
                )
            }
        }
    }
}
