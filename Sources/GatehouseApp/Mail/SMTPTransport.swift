import GatehouseCore
import Logging
import Mail

/// Delivers a batch over one SMTP session (``SMTPSession``): opened for the batch, each message sent
/// in turn, closed with QUIT. When the session cannot be opened, or breaks mid-batch (connection, TLS,
/// timeout), the messages not yet sent are temporary failures with that reason; a refusal of one
/// message (5xx) fails only that one.
struct SMTPTransport: MailTransport {
    let settings: SMTPSettings
    let composer: MailComposer
    let logger: Logger
    /// The session's lines (credentials hidden), for `outbox send-test`.
    var transcript: (@Sendable (String) -> Void)? = nil

    func deliver(_ messages: [OutboxMessage]) async -> [DeliveryOutcome] {
        var outcomes: [DeliveryOutcome] = []
        var composed: [MailMessage?] = []
        for message in messages {
            do {
                composed.append(try composer.compose(message))
            } catch {
                composed.append(nil)
                outcomes.append(.permanent("\(error.code.rawValue): \(error.detail)"))
            }
        }
        guard composed.contains(where: { $0 != nil }) else { return outcomes }
        let session: SMTPSession
        do {
            session = try await SMTPSession.open(settings, transcript: transcript)
        } catch {
            return Self.merge(outcomes: outcomes, composed: composed, rest: .temporary(Self.describe(error)))
        }
        var results: [DeliveryOutcome] = []
        var broken: MailError?
        for mail in composed {
            guard let mail else { continue }
            if let broken {
                results.append(.temporary(Self.describe(broken)))
                continue
            }
            do {
                let reply = try await session.send(mail)
                results.append(.sent(reply.summary))
            } catch {
                results.append(error.temporary ? .temporary(Self.describe(error)) : .permanent(Self.describe(error)))
                if error.code != .refused && error.temporary { broken = error }
            }
        }
        await session.close()
        // Refusals in the order of the batch: interleave the compose failures back in.
        var merged: [DeliveryOutcome] = []
        var composeFailures = outcomes.makeIterator()
        var sends = results.makeIterator()
        for mail in composed {
            merged.append((mail == nil ? composeFailures.next() : sends.next()) ?? .temporary("no outcome"))
        }
        return merged
    }

    private static func merge(outcomes: [DeliveryOutcome], composed: [MailMessage?], rest: DeliveryOutcome) -> [DeliveryOutcome] {
        var failures = outcomes.makeIterator()
        return composed.map { $0 == nil ? (failures.next() ?? rest) : rest }
    }

    static func describe(_ error: MailError) -> String {
        "\(error.code.rawValue): \(error.detail)"
    }
}
