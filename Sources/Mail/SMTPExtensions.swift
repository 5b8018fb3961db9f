/// What the server's EHLO reply offers (RFC 5321 4.1.1.1): the service extensions we use.
public struct SMTPExtensions: Sendable, Equatable {
    public var startTLS = false
    /// AUTH mechanisms, uppercased (RFC 4954).
    public var authMechanisms: Set<String> = []
    /// SIZE's limit in bytes (RFC 1870); 0 when offered without a limit, nil when not offered.
    public var sizeLimit: Int?
    public var eightBitMIME = false
    public var smtpUTF8 = false

    public init() {}

    init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS": startTLS = true
            case "AUTH": authMechanisms.formUnion(words.dropFirst())
            case "SIZE": sizeLimit = words.count > 1 ? Int(words[1]) ?? 0 : 0
            case "8BITMIME": eightBitMIME = true
            case "SMTPUTF8": smtpUTF8 = true
            default: continue
            }
        }
    }
}
