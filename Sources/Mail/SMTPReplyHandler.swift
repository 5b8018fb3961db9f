import NIOCore
import NIOSSL

/// Frames the server's bytes into lines and lines into replies, and hands each reply to the command
/// waiting for it. Lives on the channel's event loop; every method is called there.
final class SMTPReplyHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// RFC 5321 4.5.3.1.5: a reply line is at most 512 octets; a little slack for verbose servers.
    static let maximumLineLength = 2048

    private var pending: [UInt8] = []
    private var parser = SMTPReplyParser()
    private var ready: [Result<SMTPReply, MailError>] = []
    private var waiter: EventLoopPromise<SMTPReply>?
    private var failure: MailError?

    /// The next reply, now or when it arrives.
    func next(_ promise: EventLoopPromise<SMTPReply>) {
        if !ready.isEmpty {
            promise.completeWith(ready.removeFirst().mapError { $0 as any Error })
        } else if let failure {
            promise.fail(failure)
        } else {
            waiter = promise
        }
    }

    /// Bytes or replies received and not yet asked for (after STARTTLS's 220 there must be none: they
    /// would have been sent in clear text before the handshake, CVE-2011-0411's injection).
    var hasUnreadInput: Bool { !pending.isEmpty || !ready.isEmpty }

    /// The step's timer ran out: the waiting command fails and the connection is closed.
    func timedOut(_ step: String, context channel: any Channel) {
        guard waiter != nil else { return }  // answered just before the timer ran
        fail(MailError(.timeout, "no answer from the mail server within the time allowed for \(step)", temporary: true))
        channel.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard let bytes = buffer.readBytes(length: buffer.readableBytes) else { return }
        for byte in bytes {
            if byte == 0x0A {
                if pending.last == 0x0D { pending.removeLast() }
                let line = String(decoding: pending, as: UTF8.self)
                pending.removeAll(keepingCapacity: true)
                do {
                    if let reply = try parser.feed(line) { deliver(.success(reply)) }
                } catch {
                    fail(error)
                    context.close(promise: nil)
                    return
                }
            } else {
                pending.append(byte)
                if pending.count > Self.maximumLineLength {
                    fail(MailError(.protocolViolation, "the server sent a line longer than \(Self.maximumLineLength) bytes", temporary: true))
                    context.close(promise: nil)
                    return
                }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            fail(
                MailError(
                    .tlsFailed,
                    "TLS with the mail server failed (is its certificate issued by a trusted CA, email.smtp.ca_file or the system's, "
                        + "and for the configured host?): \(error)", temporary: true))
        } else {
            fail(MailError(.connectionFailed, "the connection to the mail server failed: \(error)", temporary: true))
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(MailError(.connectionFailed, "the mail server closed the connection", temporary: true))
        context.fireChannelInactive()
    }

    private func deliver(_ result: Result<SMTPReply, MailError>) {
        if let waiter {
            self.waiter = nil
            waiter.completeWith(result.mapError { $0 as any Error })
        } else {
            ready.append(result)
        }
    }

    /// The first failure wins (a timeout is not replaced by the close it causes).
    private func fail(_ error: MailError) {
        if failure == nil { failure = error }
        if let waiter {
            self.waiter = nil
            waiter.fail(failure ?? error)
        }
    }
}
