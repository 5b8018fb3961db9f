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
        var outcomes = [DeliveryOutcome?](repeating: nil, count: messages.count)
        var mails: [(index: Int, mail: MailMessage)] = []
        for (index, message) in messages.enumerated() {
            do {
                mails.append((index, try composer.compose(message)))
            } catch {
                outcomes[index] = .permanent(error.description)
            }
        }
        if !mails.isEmpty {
            do {
                let session = try await SMTPSession.open(settings, transcript: transcript)
                var broken: MailError?
                for (index, mail) in mails {
                    if let broken {
                        outcomes[index] = .temporary(broken.description)
                        continue
                    }
                    do {
                        outcomes[index] = .sent(try await session.send(mail).summary)
                    } catch {
                        outcomes[index] = error.temporary ? .temporary(error.description) : .permanent(error.description)
                        // A refusal leaves the session usable; a broken connection does not.
                        if error.code != .refused && error.temporary { broken = error }
                    }
                }
                await session.close()
            } catch {
                for (index, _) in mails { outcomes[index] = .temporary(error.description) }
            }
        }
        return outcomes.map { $0 ?? .temporary("the SMTP transport gave no outcome for this message") }
    }
}
