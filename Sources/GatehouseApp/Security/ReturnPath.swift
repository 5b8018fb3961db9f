/// Where to send the browser after sign-in: only a path on this server, so `return_to` cannot turn
/// the login into an open redirect (`//evil.example`, `/\evil.example`, `https://…`, control characters).
public struct ReturnPath: Sendable, Equatable, CustomStringConvertible {
    public let path: String

    public init?(_ raw: String?) {
        guard let raw, raw.utf8.count <= 512, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.hasPrefix("/\\"),
            raw.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" })
        else { return nil }
        path = raw
    }

    public var description: String { path }
}
