import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP submission session (RFC 5321, RFC 6409): connect, greeting, EHLO, STARTTLS (RFC 3207) or
/// implicit TLS (RFC 8314), AUTH PLAIN or LOGIN (RFC 4954), then any number of messages on the same
/// connection, then QUIT.
///
/// Written here on swift-nio and swift-nio-ssl because no maintained Swift SMTP library exists (the
/// few there are stop at plain AUTH or lack timeouts and reply handling); it does only submission, to
/// one configured server.
///
/// Every step has a deadline. Every failure is a ``MailError`` saying whether a later attempt can
/// succeed: a 4xx reply, a connection, TLS or timeout failure, a refused login or a missing extension
/// are temporary (nothing is wrong with the message: the queue keeps it); a 5xx reply to a message's
/// commands is permanent for that message.
public actor SMTPSession {
    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>
    private let settings: SMTPSettings
    private let transcript: (@Sendable (String) -> Void)?
    public private(set) var extensions = SMTPExtensions()

    private init(channel: any Channel, handler: NIOLoopBound<SMTPReplyHandler>, settings: SMTPSettings, transcript: (@Sendable (String) -> Void)?) {
        self.channel = channel
        self.handler = handler
        self.settings = settings
        self.transcript = transcript
    }

    /// Connects, greets, secures and authenticates; the session is then ready for ``send(_:)``.
    /// `transcript` receives each line sent and received (credentials replaced by a placeholder).
    public static func open(
        _ settings: SMTPSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        transcript: (@Sendable (String) -> Void)? = nil
    ) async throws(MailError) -> SMTPSession {
        let tls = try tlsContext(settings)
        let hostname = settings.host
        // SNI takes names only; an IP address is verified against the certificate's IP SAN instead.
        let sni: String? = (try? SocketAddress(ipAddress: hostname, port: 0)) != nil ? nil : hostname
        let channel: any Channel
        do {
            let implicit = settings.security == .implicitTLS
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(settings.commandTimeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if implicit, let tls {
                            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: sni))
                        }
                        try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
                    }
                }
                .connect(host: settings.host, port: settings.port).get()
        } catch {
            throw MailError(.connectionFailed, "could not connect to \(settings.host):\(settings.port): \(error)", temporary: true)
        }
        let handler: NIOLoopBound<SMTPReplyHandler>
        do {
            handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self), eventLoop: channel.eventLoop)
            }.get()
        } catch {
            channel.close(promise: nil)
            throw MailError(.connectionFailed, "the connection closed at once", temporary: true)
        }
        let session = SMTPSession(channel: channel, handler: handler, settings: settings, transcript: transcript)
        do {
            try await session.start(tls: tls, sni: sni)
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    private func start(tls: NIOSSLContext?, sni: String?) async throws(MailError) {
        let greeting = try await reply(for: "the greeting")
        guard greeting.code == 220 else { throw MailError.refused(greeting, during: "greeting") }
        try await hello()
        if settings.security == .startTLS, let tls {
            guard extensions.startTLS else {
                throw MailError(
                    .tlsUnavailable, "\(settings.host) does not offer STARTTLS; set email.smtp.security to tls for port 465", temporary: true)
            }
            let answer = try await command("STARTTLS")
            guard answer.code == 220 else { throw MailError.refused(answer, during: "STARTTLS") }
            let handler = handler
            let channel = channel
            do {
                try await channel.eventLoop.submit {
                    // Anything the server sent after its 220 came before the handshake, in clear text.
                    guard !handler.value.hasUnreadInput else {
                        throw MailError(.protocolViolation, "the server sent data after its STARTTLS reply (command injection)")
                    }
                    try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: sni), position: .first)
                }.get()
            } catch let error as MailError {
                throw error
            } catch {
                throw MailError(.tlsFailed, "could not start TLS: \(error)", temporary: true)
            }
            // RFC 3207 4.2: everything learnt before TLS is forgotten; greet again.
            try await hello()
        }
        if let username = settings.username, let password = settings.password {
            try await authenticate(username: username, password: password)
        }
    }

    private func hello() async throws(MailError) {
        let reply = try await command("EHLO \(settings.heloName)")
        guard reply.code == 250 else { throw MailError.refused(reply, during: "EHLO") }
        extensions = SMTPExtensions(ehlo: reply)
    }

    private func authenticate(username: String, password: String) async throws(MailError) {
        guard settings.security != .none else {
            throw MailError(.authenticationUnavailable, "credentials are never sent without TLS")
        }
        let reply: SMTPReply
        if extensions.authMechanisms.contains("PLAIN") {
            let token = Data([0] + Array(username.utf8) + [0] + Array(password.utf8)).base64EncodedString()
            reply = try await command("AUTH PLAIN \(token)", shown: "AUTH PLAIN (credentials hidden)")
        } else if extensions.authMechanisms.contains("LOGIN") {
            let first = try await command("AUTH LOGIN")
            guard first.code == 334 else { throw authRefused(first) }
            let second = try await command(Data(username.utf8).base64EncodedString(), shown: "(user name hidden)")
            guard second.code == 334 else { throw authRefused(second) }
            reply = try await command(Data(password.utf8).base64EncodedString(), shown: "(password hidden)")
        } else {
            throw MailError(
                .authenticationUnavailable,
                "\(settings.host) offers no AUTH PLAIN or LOGIN (offered: \(extensions.authMechanisms.sorted().joined(separator: " ")))",
                temporary: true)
        }
        guard reply.code == 235 else { throw authRefused(reply) }
    }

    /// A refused login is the configuration's fault, not the message's: the queue keeps the message.
    private func authRefused(_ reply: SMTPReply) -> MailError {
        MailError(.authenticationRefused, "the mail server refused the login: \(reply.summary)", temporary: true, reply: reply)
    }

    /// Sends one message; returns the server's acceptance (its queue id is usually in the text).
    /// After a refusal the transaction is reset, so the session can send the next message.
    public func send(_ message: MailMessage) async throws(MailError) -> SMTPReply {
        if message.needsUTF8 && !extensions.smtpUTF8 {
            throw MailError(.utf8Unsupported, "\(message.to.address) needs SMTPUTF8, which \(settings.host) does not offer")
        }
        let data = message.encoded()
        if let limit = extensions.sizeLimit, limit > 0, data.count > limit {
            throw MailError(.tooLarge, "the message has \(data.count) bytes; \(settings.host) takes at most \(limit)")
        }
        var mailFrom = "MAIL FROM:<\(message.from.address)>"
        if extensions.sizeLimit != nil { mailFrom += " SIZE=\(data.count)" }
        if message.needsUTF8 { mailFrom += " SMTPUTF8" }
        do throws(MailError) {
            let from = try await command(mailFrom)
            guard from.code == 250 else { throw MailError.refused(from, during: "MAIL FROM") }
            let to = try await command("RCPT TO:<\(message.to.address)>")
            guard to.code == 250 || to.code == 251 else { throw MailError.refused(to, during: "RCPT TO") }
            let go = try await command("DATA")
            guard go.code == 354 else { throw MailError.refused(go, during: "DATA") }
            write(Self.dotStuffed(data) + Array(".\r\n".utf8))
            transcript?("C: (\(data.count) bytes of message)")
            transcript?("C: .")
            let accepted = try await reply(for: "the end of DATA", timeout: settings.dataTimeout)
            guard accepted.code == 250 else { throw MailError.refused(accepted, during: "end of DATA") }
            return accepted
        } catch {
            if error.code == .refused { _ = try? await command("RSET") }
            throw error
        }
    }

    /// QUIT, then the connection closes (also when QUIT is not answered).
    public func close() async {
        if channel.isActive {
            _ = try? await command("QUIT", timeout: .seconds(5))
        }
        try? await channel.close()
    }

    /// RFC 5321 4.5.2: a line that starts with "." gets another one. The message ends with CRLF.
    static func dotStuffed(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 64)
        var atLineStart = true
        for byte in data {
            if atLineStart && byte == UInt8(ascii: ".") { out.append(byte) }
            out.append(byte)
            atLineStart = byte == 0x0A
        }
        if !atLineStart { out += [0x0D, 0x0A] }
        return out
    }

    private func command(_ line: String, shown: String? = nil, timeout: TimeAmount? = nil) async throws(MailError) -> SMTPReply {
        write(Array((line + "\r\n").utf8))
        transcript?("C: " + (shown ?? line))
        return try await reply(for: (shown ?? line).split(separator: " ").first.map(String.init) ?? line, timeout: timeout)
    }

    private func write(_ bytes: [UInt8]) {
        channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
    }

    private func reply(for step: String, timeout: TimeAmount? = nil) async throws(MailError) -> SMTPReply {
        let handler = handler
        let channel = channel
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        let timer = channel.eventLoop.scheduleTask(in: timeout ?? settings.commandTimeout) {
            handler.value.timedOut(step, context: channel)
        }
        channel.eventLoop.execute { handler.value.next(promise) }
        do {
            let reply = try await promise.futureResult.get()
            timer.cancel()
            transcript?("S: " + reply.summary)
            return reply
        } catch let error as MailError {
            timer.cancel()
            throw error
        } catch {
            timer.cancel()
            throw MailError(.connectionFailed, "\(error)", temporary: true)
        }
    }

    private static func tlsContext(_ settings: SMTPSettings) throws(MailError) -> NIOSSLContext? {
        guard settings.security != .none else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let caFile = settings.caFile {
            configuration.trustRoots = .file(caFile)
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw MailError(.tlsFailed, "could not set up TLS (CA file \(settings.caFile ?? "system store")): \(error)")
        }
    }
}
