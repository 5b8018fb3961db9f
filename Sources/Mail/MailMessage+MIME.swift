import Foundation

extension MailMessage {
    /// The message as sent (RFC 5322, MIME RFC 2045–2047): CRLF line ends, headers folded to 78
    /// columns, non-ASCII names and subjects as encoded words, bodies quoted-printable (7-bit clean, so
    /// any server takes them; lines ≤ 76). With HTML: multipart/alternative, the text part first.
    /// `boundary` is for tests; by default a random one, which quoted-printable output cannot contain
    /// (it starts with "=_", and QP writes "=" only before two hex digits or a line end).
    public func encoded(boundary: String? = nil) -> [UInt8] {
        var out = MIMEWriter()
        out.header("Date", Self.rfc5322Date(date))
        out.header("From", Self.mailbox(from))
        out.header("To", Self.mailbox(to))
        if let replyTo { out.header("Reply-To", Self.mailbox(replyTo)) }
        out.header("Message-ID", "<\(messageID)>")
        out.header("Subject", EncodedWord.headerValue(subject))
        for header in headers { out.header(header.name, header.value) }
        out.header("MIME-Version", "1.0")
        if let html {
            let boundary = boundary ?? "=_gatehouse_" + (0..<16).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()
            out.header("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")
            out.line("")
            out.line("--" + boundary)
            out.part(text, type: "text/plain")
            out.line("--" + boundary)
            out.part(html, type: "text/html")
            out.line("--" + boundary + "--")
        } else {
            out.header("Content-Type", "text/plain; charset=utf-8")
            out.header("Content-Transfer-Encoding", "quoted-printable")
            out.line("")
            out.bytes += QuotedPrintable.encode(text)
        }
        return out.bytes
    }

    /// `"Name" <address>` (or the encoded-word form), or the bare address.
    static func mailbox(_ mailbox: MailAddress) -> String {
        guard let name = mailbox.displayName else { return mailbox.address }
        return EncodedWord.phrase(name) + " <\(mailbox.address)>"
    }

    /// RFC 5322 3.3, in UTC: `Thu, 03 Dec 2026 09:05:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

/// Header and body lines with CRLF, long headers folded at spaces.
struct MIMEWriter {
    var bytes: [UInt8] = []

    mutating func line(_ text: String) {
        bytes += Array(text.utf8) + [0x0D, 0x0A]
    }

    /// `Name: value`, folded before a space so that no line passes 78 columns where the value has
    /// spaces to fold at (RFC 5322 2.2.3); a longer word (a URL) stays whole (≤ 998 is the hard limit).
    mutating func header(_ name: String, _ value: String) {
        var current = name + ":"
        for (index, word) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if index > 0 || !word.isEmpty {
                if current.utf8.count + 1 + word.utf8.count > 78 && current.utf8.count > name.utf8.count + 1 {
                    line(current)
                    current = ""
                }
                current += " " + word
            }
        }
        line(current)
    }

    mutating func part(_ body: String, type: String) {
        line("Content-Type: \(type); charset=utf-8")
        line("Content-Transfer-Encoding: quoted-printable")
        line("")
        bytes += QuotedPrintable.encode(body)
        // The line break before the next boundary belongs to the boundary (RFC 2046 5.1.1), not to the body.
        line("")
    }
}
