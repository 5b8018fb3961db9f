import GatehouseCore
import Synchronization

/// A ``PasswordHasher`` whose "hash" is `hash:` + the password, and which counts its calls so tests
/// can assert that every sign-in attempt costs exactly one verification. A `delay` stands in for
/// bcrypt's cost, so concurrent attempts overlap as they do in the app.
public final class ReversiblePasswordHasher: PasswordHasher {
    public struct Verification: Sendable, Equatable {
        public var password: String
        public var hash: String

        public init(password: String, hash: String) {
            self.password = password
            self.hash = hash
        }
    }

    private let calls = Mutex((hashed: [String](), verified: [Verification]()))
    private let delay: Duration

    public init(delay: Duration = .zero) {
        self.delay = delay
    }

    /// Passwords passed to ``hash(_:)``, in order.
    public var hashed: [String] { calls.withLock { $0.hashed } }
    /// Every ``verify(_:against:)`` call, in order.
    public var verifications: [Verification] { calls.withLock { $0.verified } }

    public static func hash(of password: String) -> String { "hash:" + password }

    public func hash(_ password: String) async throws -> String {
        calls.withLock { $0.hashed.append(password) }
        return Self.hash(of: password)
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        calls.withLock { $0.verified.append(Verification(password: password, hash: hash)) }
        if delay > .zero { try await Task.sleep(for: delay) }
        return hash == Self.hash(of: password)
    }
}
