/// One SMTP reply (RFC 5321 4.2): a three-digit code and its text lines (`250-…` continuation lines
/// then `250 …`).
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public let code: Int
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    public var isPositive: Bool { (200..<400).contains(code) }
    /// 4yz: "transient negative completion" — the same command may succeed later.
    public var isTransient: Bool { (400..<500).contains(code) }

    /// The reply as the server sent it, one line, at most 300 characters (for logs and `outbox list`).
    public var summary: String {
        let text = "\(code) " + lines.joined(separator: " / ")
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    public var description: String { summary }
}

/// Assembles replies from lines; a line that is not `DDD`, `DDD text` or `DDD-text` is a protocol error.
struct SMTPReplyParser {
    private var code: Int?
    private var lines: [String] = []

    /// Maximum reply lines accepted in one reply (EHLO lists a dozen); more is a misbehaving server.
    static let maximumLines = 100

    /// Feeds one line (without CRLF); returns the reply when this was its last line.
    mutating func feed(_ line: String) throws(MailError) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0..<3].allSatisfy({ (0x30...0x39).contains($0) }),
            bytes.count == 3 || bytes[3] == 0x20 || bytes[3] == 0x2D
        else {
            throw MailError(.protocolViolation, "the server sent a line that is no SMTP reply: \(line.prefix(80).debugDescription)", temporary: true)
        }
        let lineCode = Int(String(decoding: bytes[0..<3], as: UTF8.self))!
        if let code, code != lineCode {
            throw MailError(.protocolViolation, "a multiline reply changed its code from \(code) to \(lineCode)", temporary: true)
        }
        code = lineCode
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard lines.count <= Self.maximumLines else {
            throw MailError(.protocolViolation, "a reply of more than \(Self.maximumLines) lines", temporary: true)
        }
        guard bytes.count == 3 || bytes[3] == 0x20 else { return nil }
        defer {
            code = nil
            lines = []
        }
        return SMTPReply(code: lineCode, lines: lines)
    }
}
