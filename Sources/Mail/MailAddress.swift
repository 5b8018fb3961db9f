/// A mailbox as it appears in a header: an address and an optional display name.
///
/// Both are checked here, where they enter the message, so that nothing a user typed can add a header
/// or a recipient (RFC 5322 3.4): no control characters at all (CR and LF above all), no angle brackets
/// or spaces in the address, and an address of the shape `local@domain`.
public struct MailAddress: Sendable, Equatable {
    public let address: String
    public let displayName: String?

    public init(_ address: String, displayName: String? = nil) throws(MailError) {
        guard Self.isMailbox(address) else { throw MailError(.invalidAddress, "not a usable email address: \(address.debugDescription)") }
        if let displayName, displayName.unicodeScalars.contains(where: Self.isControl) {
            throw MailError(.invalidHeader, "a display name with control characters (CR, LF, ...) is refused")
        }
        self.address = address
        self.displayName = displayName.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the address needs SMTPUTF8 (RFC 6531): a non-ASCII local part or domain.
    public var needsUTF8: Bool { !address.utf8.allSatisfy { $0 < 0x80 } }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    static func isMailbox(_ address: String) -> Bool {
        guard address.utf8.count <= 254, let at = address.lastIndex(of: "@") else { return false }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty, domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix(".")
        else { return false }
        let forbidden: Set<Unicode.Scalar> = ["<", ">", "(", ")", "[", "]", ",", ";", ":", "\\", "\"", " ", "@"]
        return !local.unicodeScalars.contains { isControl($0) || forbidden.contains($0) }
            && !domain.unicodeScalars.contains { isControl($0) || forbidden.contains($0) }
    }
}
