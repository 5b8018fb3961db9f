import GatehouseCore
import Testing

@Suite struct PasswordPolicyTests {
    static let email = EmailAddress("ada.lovelace@example.com")!

    @Test("The default minimum is 10 characters")
    func minimum() {
        let policy = PasswordPolicy()
        #expect(policy.minimumLength == 10)
        #expect(policy.problem(with: "123456789", email: Self.email) != nil)
        #expect(policy.problem(with: "1234567890", email: Self.email) == nil)
        #expect(policy.problem(with: "", email: Self.email) != nil)
    }

    @Test("The minimum counts characters, the maximum counts bytes")
    func charactersVersusBytes() {
        let policy = PasswordPolicy()
        #expect(policy.problem(with: String(repeating: "é", count: 9), email: Self.email) != nil)
        #expect(policy.problem(with: String(repeating: "é", count: 10), email: Self.email) == nil)
        // Nine family emoji are 9 characters but 225 bytes: too short and too long at once.
        #expect(policy.problem(with: String(repeating: "👨‍👩‍👧‍👦", count: 9), email: Self.email) != nil)
    }

    @Test("More than 72 bytes is refused rather than silently truncated by bcrypt")
    func maximumBytes() {
        let policy = PasswordPolicy()
        #expect(PasswordPolicy.maximumBytes == 72)
        #expect(policy.problem(with: String(repeating: "a", count: 72), email: Self.email) == nil)
        #expect(policy.problem(with: String(repeating: "a", count: 73), email: Self.email) != nil)
        #expect(policy.problem(with: String(repeating: "€", count: 24), email: Self.email) == nil)
        #expect(policy.problem(with: String(repeating: "€", count: 25), email: Self.email) != nil)
    }

    @Test("The email address is refused as password, whatever its case")
    func notTheEmail() {
        let policy = PasswordPolicy()
        #expect(policy.problem(with: "ada.lovelace@example.com", email: Self.email) != nil)
        #expect(policy.problem(with: "Ada.Lovelace@Example.COM", email: Self.email) != nil)
        #expect(policy.problem(with: "ada.lovelace@example.com!", email: Self.email) == nil)
    }

    @Test("A custom minimum applies and is named in the message")
    func customMinimum() throws {
        let policy = PasswordPolicy(minimumLength: 16)
        let problem = try #require(policy.problem(with: "fifteen-chars-x", email: Self.email))
        #expect(problem.contains("16"))
        #expect(policy.problem(with: "sixteen-chars-xy", email: Self.email) == nil)
    }

    @Test("The message never repeats the password")
    func messageOmitsPassword() throws {
        let problem = try #require(PasswordPolicy().problem(with: "hunter2", email: Self.email))
        #expect(!problem.contains("hunter2"))
    }
}
