/// Hashes and checks passwords (bcrypt in the app; the work runs off the request's event loop).
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against hash: String) async throws -> Bool
}
