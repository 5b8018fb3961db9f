import Foundation
import GatehouseCore
import Mail

/// Turns a queued message into the email that leaves: the configured sender and Reply-To, the
/// Message-ID from the message's token (the same on every retry) at the sender's domain, and an HTML
/// alternative made from the plain text when the message has none — escaped like the portal's pages,
/// URLs as links, blank lines as paragraphs.
struct MailComposer: Sendable {
    let from: MailAddress
    let replyTo: MailAddress?
    let clock: any Clock

    func compose(_ message: OutboxMessage) throws(MailError) -> MailMessage {
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "gatehouse.invalid"
        let html = message.html ?? Self.html(fromText: message.body, language: message.language ?? "en")
        var headers = [try MailHeader("Auto-Submitted", "auto-generated")]
        if let url = message.unsubscribeURL {
            // RFC 8058: the mail program may unsubscribe with one POST, without the recipient opening a page.
            headers.append(try MailHeader("List-Unsubscribe", "<\(url)>"))
            headers.append(try MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        }
        if let thread = message.threadID, MailMessage.isUsableIDPart(thread) {
            // Every email of a ticket refers to the same (never sent) root, so mail programs show them as one thread.
            let root = "<\(thread)@\(Self.idDomain(domain))>"
            headers.append(try MailHeader("In-Reply-To", root))
            headers.append(try MailHeader("References", root))
        }
        return try MailMessage(
            from: from, to: MailAddress(message.recipient.value), replyTo: replyTo, subject: message.subject, date: clock.now,
            messageID: "\(message.messageToken)@\(Self.idDomain(domain))", text: message.body, html: html, headers: headers)
    }

    /// Message-ID's right part: the sender's domain when it is plain ASCII, else a fixed name.
    static func idDomain(_ domain: String) -> String {
        MailMessage.isUsableIDPart(domain) ? domain : "gatehouse.invalid"
    }

    /// A minimal HTML document of the text: every character escaped, http(s) URLs made links, blank lines
    /// between paragraphs. One pass over the lines with the standard library's searches (Foundation's
    /// `components`/`range(of:)` were a fifth of a message's cost in the mail benchmark).
    static func html(fromText text: String, language: String) -> String {
        var body = HTML()
        var paragraph: [Substring] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            var inner = HTML()
            for (index, line) in paragraph.enumerated() {
                if index > 0 { inner.append("<br>") }
                inner.append(linked(line))
            }
            body.append("<p>\(inner)</p>\n")
            paragraph.removeAll(keepingCapacity: true)
        }
        // "\r\n" is one Character, so split on every kind of line end, not on "\n".
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if line.allSatisfy(\.isWhitespace) { flush() } else { paragraph.append(line) }
        }
        flush()
        let document: HTML = """
            <!DOCTYPE html>
            <html lang="\(language)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
            <body style="font-family: sans-serif; line-height: 1.5; max-width: 40rem">
            \(body)</body></html>
            """
        return document.text
    }

    /// The line escaped, with each http(s) URL (up to the next space, angle bracket or quote) as a link.
    private static func linked(_ line: Substring) -> HTML {
        var out = HTML()
        var rest = line
        while let found = rest.firstRange(of: "http") {
            let tail = rest[found.lowerBound...]
            guard tail.hasPrefix("https://") || tail.hasPrefix("http://") else {
                out.append(escaping: String(rest[..<found.upperBound]))
                rest = rest[found.upperBound...]
                continue
            }
            out.append(escaping: String(rest[..<found.lowerBound]))
            let end = tail.firstIndex { $0 == " " || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "\t" } ?? tail.endIndex
            let url = String(tail[..<end])
            out.append("<a href=\"\(url)\">\(url)</a>")
            rest = tail[end...]
        }
        out.append(escaping: String(rest))
        return out
    }
}
