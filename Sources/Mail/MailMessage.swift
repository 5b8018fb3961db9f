import Foundation

/// An email ready to be encoded (RFC 5322 + MIME): one sender, one recipient, a subject, a plain-text
/// body and optionally an HTML alternative of it. Every header value is checked when the message is made
/// (``MailAddress``, ``MailHeader``), so encoding cannot fail and cannot be steered by the values.
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    public var to: MailAddress
    public var replyTo: MailAddress?
    public var subject: String
    public var date: Date
    /// Without angle brackets: `id-left@id-right` (RFC 5322 3.6.4). The same on every retry.
    public var messageID: String
    public var text: String
    public var html: String?
    /// Further headers (List-Unsubscribe, Auto-Submitted, …), in order.
    public var headers: [MailHeader]

    public init(
        from: MailAddress, to: MailAddress, replyTo: MailAddress? = nil, subject: String, date: Date, messageID: String, text: String,
        html: String? = nil, headers: [MailHeader] = []
    ) throws(MailError) {
        guard !subject.unicodeScalars.contains(where: MailAddress.isControl) else {
            throw MailError(.invalidHeader, "a subject with control characters (CR, LF, ...) is refused")
        }
        guard Self.isMessageID(messageID) else { throw MailError(.invalidHeader, "not a Message-ID: \(messageID.debugDescription)") }
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
        self.html = html
        self.headers = headers
    }

    /// Whether the envelope needs SMTPUTF8 (an address with non-ASCII characters).
    public var needsUTF8: Bool { from.needsUTF8 || to.needsUTF8 }

    static func isMessageID(_ id: String) -> Bool {
        let parts = id.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && id.utf8.count <= 200 && parts.allSatisfy { isUsableIDPart(String($0)) }
    }

    /// Letters, digits and `.-_+=`: a dot-atom that needs no quoting on either side of a Message-ID.
    public static func isUsableIDPart(_ part: String) -> Bool {
        !part.isEmpty && part.unicodeScalars.allSatisfy { idCharacters.contains($0) }
    }

    private static let idCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+=".unicodeScalars)
}

/// A header of a fixed name and a value checked for control characters (no CR or LF: no injected header).
public struct MailHeader: Sendable, Equatable {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) throws(MailError) {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != ":" }) else {
            throw MailError(.invalidHeader, "not a header name: \(name.debugDescription)")
        }
        guard value.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else {
            throw MailError(.invalidHeader, "the \(name) header must be printable ASCII on one line")
        }
        self.name = name
        self.value = value
    }
}
