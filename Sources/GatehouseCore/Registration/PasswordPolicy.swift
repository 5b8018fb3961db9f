/// What a password must be. bcrypt reads at most 72 bytes, so longer passwords are refused rather
/// than silently truncated.
public struct PasswordPolicy: Sendable, Equatable {
    public var minimumLength: Int
    public static let maximumBytes = 72

    public init(minimumLength: Int = 10) {
        self.minimumLength = minimumLength
    }

    /// Why `password` is refused, or `nil`.
    public func problem(with password: String, email: EmailAddress) -> String? {
        if password.count < minimumLength { return "Use at least \(minimumLength) characters." }
        if password.utf8.count > Self.maximumBytes { return "Use at most \(Self.maximumBytes) bytes." }
        if password.lowercased() == email.value { return "Do not use your email address as password." }
        return nil
    }
}
