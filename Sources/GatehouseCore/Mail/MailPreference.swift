import Foundation

/// What one address chose for the emails Gatehouse sends it: the language they are written in and
/// whether ticket notifications are wanted. Account emails (verification, reset, invitation) are sent
/// whatever the choice: without them nobody can sign in.
public struct MailPreference: Sendable, Equatable {
    /// en, fi or de; nil: the portal's default language.
    public var language: String?
    /// When the address unsubscribed from notifications; nil: it gets them.
    public var notificationsOffAt: Date?

    public init(language: String? = nil, notificationsOffAt: Date? = nil) {
        self.language = language
        self.notificationsOffAt = notificationsOffAt
    }

    public var wantsNotifications: Bool { notificationsOffAt == nil }
}
