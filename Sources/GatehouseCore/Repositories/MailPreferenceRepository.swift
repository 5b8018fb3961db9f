import Foundation

/// Each address's choices about email (``MailPreference``), kept by address rather than by contact so
/// that a configured agents' address that is no contact can unsubscribe too; and the key that signs
/// unsubscribe links, made once per store so that every instance of a fleet signs and checks alike.
public protocol MailPreferenceRepository: Sendable {
    /// The recorded choices of these addresses; an address with none recorded is absent.
    func preferences(of addresses: [EmailAddress]) async throws -> [EmailAddress: MailPreference]
    /// The language emails to `address` are written in from now on.
    func setLanguage(_ language: String, for address: EmailAddress) async throws
    /// Notifications on (`offAt` nil) or off since `offAt`.
    func setNotificationsOff(_ offAt: Date?, for address: EmailAddress) async throws
    /// 32 random bytes, made by the first caller and the same for every later one.
    func signingKey() async throws -> Data
}

extension MailPreferenceRepository {
    public func preference(of address: EmailAddress) async throws -> MailPreference {
        try await preferences(of: [address])[address] ?? MailPreference()
    }
}
