import GatehouseCore
import Logging

extension GatehouseConfiguration.Email {
    /// The configured transport, or nil for `email.transport: none` (messages stay in the outbox).
    public func makeTransport(
        clock: any GatehouseCore.Clock, logger: Logger, transcript: (@Sendable (String) -> Void)? = nil
    ) -> (any MailTransport)? {
        guard let from else { return nil }
        let composer = MailComposer(from: from, replyTo: replyTo, clock: clock)
        switch transport {
        case .none: return nil
        case .smtp(let settings): return SMTPTransport(settings: settings, composer: composer, logger: logger, transcript: transcript)
        case .sendmail(let command): return SendmailTransport(command: command, composer: composer)
        }
    }
}
