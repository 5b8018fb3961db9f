/// Hands messages to a mail server (SMTP, a sendmail command) and says what became of each.
public protocol MailTransport: Sendable {
    /// Delivers the messages in order, on one connection where the mechanism has one; one outcome per
    /// message, in the same order. Never throws: a failure is an outcome.
    func deliver(_ messages: [OutboxMessage]) async -> [DeliveryOutcome]
}

public enum DeliveryOutcome: Sendable, Equatable {
    /// Accepted; the server's reply (its queue id, usually).
    case sent(String)
    /// Not now (SMTP 4xx, the connection, TLS, a timeout, a refused login): try again later.
    case temporary(String)
    /// Never (SMTP 5xx for this message, an address the server cannot take).
    case permanent(String)
}
