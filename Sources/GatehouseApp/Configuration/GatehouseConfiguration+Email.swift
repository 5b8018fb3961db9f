import Foundation
import GatehouseCore
import Mail
import NIOCore

extension GatehouseConfiguration {
    /// `email.*`: how queued emails leave. `none` (the default) keeps them in the outbox
    /// (`gatehouse outbox list` shows them), as before delivery existed.
    public struct Email: Sendable {
        public enum Transport: Sendable {
            case none
            case smtp(SMTPSettings)
            /// A `sendmail -t -i` compatible command and its arguments.
            case sendmail([String])
        }

        /// Who hears of ticket events (`email.notifications.*`).
        public struct Notifications: Sendable, Equatable {
            /// The ticket's contacts get an agent's public answers.
            public var customers: Bool
            /// Gets new tickets and customer replies.
            public var agentsAddress: EmailAddress?
            /// Its members get new tickets and customer replies (resolved when each email is queued).
            public var agentsList: String?

            public init(customers: Bool = true, agentsAddress: EmailAddress? = nil, agentsList: String? = nil) {
                self.customers = customers
                self.agentsAddress = agentsAddress
                self.agentsList = agentsList
            }
        }

        public var transport: Transport
        /// Whether emails leave at all (`email.transport` is not none).
        public var delivers: Bool {
            if case .none = transport { return false }
            return true
        }
        public var from: MailAddress?
        public var replyTo: MailAddress?
        public var retry: RetryPolicy
        public var notifications: Notifications

        public init(
            transport: Transport = .none, from: MailAddress? = nil, replyTo: MailAddress? = nil, retry: RetryPolicy = RetryPolicy(),
            notifications: Notifications = Notifications()
        ) {
            self.notifications = notifications
            self.transport = transport
            self.from = from
            self.replyTo = replyTo
            self.retry = retry
        }

        init(fields: ConfigurationFields, portalTitle: String, baseURL: BaseURL) throws(ConfigurationError) {
            let kind = try fields.string("email.transport")
            retry = RetryPolicy(
                firstDelay: TimeInterval(try fields.int("email.retry.first_delay", in: 1...86_400)),
                maximumDelay: TimeInterval(try fields.int("email.retry.max_delay", in: 1...604_800)),
                maximumAge: TimeInterval(try fields.int("email.retry.max_age", in: 60...2_592_000)))
            let agentsAddress = try fields.string("email.notifications.agents.address")
            let agentsList = try fields.string("email.notifications.agents.list")
            notifications = Notifications(
                customers: try fields.bool("email.notifications.customers"), agentsAddress: try Self.address(agentsAddress),
                agentsList: agentsList.isEmpty ? nil : agentsList)
            guard kind != "none" else {
                transport = .none
                from = nil
                replyTo = nil
                return
            }
            let fromText = try fields.string("email.from")
            let fromName = try fields.string("email.from_name")
            do {
                from = try MailAddress(fromText, displayName: fromName.isEmpty ? portalTitle : fromName)
            } catch {
                throw ConfigurationError(
                    key: "email.from", "must be the sender's address (like support@example.com) when email.transport is \(kind): \(error.detail)")
            }
            let replyText = try fields.string("email.reply_to")
            do {
                replyTo = replyText.isEmpty ? nil : try MailAddress(replyText)
            } catch {
                throw ConfigurationError(key: "email.reply_to", error.detail)
            }
            switch kind {
            case "smtp": transport = .smtp(try Self.smtp(fields, heloName: baseURL.host))
            case "sendmail":
                let command = try fields.stringArray("email.sendmail.command")
                guard let program = command.first, program.hasPrefix("/") else {
                    throw ConfigurationError(key: "email.sendmail.command", "must start with the command's absolute path, like /usr/sbin/sendmail")
                }
                guard FileManager.default.isExecutableFile(atPath: program) else {
                    throw ConfigurationError(key: "email.sendmail.command", "\(program) is not an executable file")
                }
                transport = .sendmail(command)
            default:
                throw ConfigurationError(key: "email.transport", "\(kind.debugDescription) is not one of none, smtp, sendmail")
            }
        }

        /// An empty value is none; anything else must be one plain address (no name, no line break).
        private static func address(_ text: String) throws(ConfigurationError) -> EmailAddress? {
            guard !text.isEmpty else { return nil }
            guard let address = EmailAddress(text), (try? MailAddress(address.value)) != nil else {
                throw ConfigurationError(key: "email.notifications.agents.address", "\(text.debugDescription) is not one email address")
            }
            return address
        }

        private static func smtp(_ fields: ConfigurationFields, heloName: String) throws(ConfigurationError) -> SMTPSettings {
            let host = try fields.string("email.smtp.host")
            guard !host.isEmpty, !host.contains("/"), !host.unicodeScalars.contains(where: { $0.value <= 0x20 }) else {
                throw ConfigurationError(key: "email.smtp.host", "must name the mail server (like smtp.example.com) when email.transport is smtp")
            }
            let securityText = try fields.string("email.smtp.security")
            guard let security = SMTPSettings.Security(rawValue: securityText) else {
                throw ConfigurationError(key: "email.smtp.security", "\(securityText.debugDescription) is not one of starttls, tls, none")
            }
            let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
            if security == .none && !loopback {
                throw ConfigurationError(
                    key: "email.smtp.security", "none (no TLS) is allowed only for a mail server on this machine; \(host) needs starttls or tls")
            }
            let caFile = try fields.string("email.smtp.ca_file")
            if !caFile.isEmpty && !FileManager.default.isReadableFile(atPath: caFile) {
                throw ConfigurationError(key: "email.smtp.ca_file", "\(caFile) is not a readable file")
            }
            let username = try fields.string("email.smtp.username")
            var password = try fields.string("email.smtp.password", isSecret: true)
            let passwordFile = try fields.string("email.smtp.password_file")
            if !passwordFile.isEmpty {
                guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                    throw ConfigurationError(key: "email.smtp.password_file", "\(passwordFile) cannot be read")
                }
                password = text.trimmingCharacters(in: .newlines)
            }
            if !username.isEmpty && password.isEmpty {
                throw ConfigurationError(key: "email.smtp.password", "is empty while email.smtp.username is set (or use email.smtp.password_file)")
            }
            if !username.isEmpty && security == .none {
                throw ConfigurationError(
                    key: "email.smtp.username", "credentials are never sent without TLS; set email.smtp.security to starttls or tls")
            }
            let timeout = try fields.int("email.smtp.timeout", in: 1...600)
            return SMTPSettings(
                host: host, port: try fields.int("email.smtp.port", in: 1...65_535), security: security, caFile: caFile.isEmpty ? nil : caFile,
                username: username.isEmpty ? nil : username, password: username.isEmpty ? nil : password, heloName: heloName,
                commandTimeout: .seconds(Int64(timeout)), dataTimeout: .seconds(Int64(max(timeout, 120))))
        }
    }
}
