import Foundation

/// Server-side session records keyed by a digest of the session id (the raw id exists only in the
/// browser's cookie, so a copy of the database lets no one resume a session).
public protocol SessionStore: Sendable {
    /// Stores a session record; `contactID` names the signed-in contact, whose password changes end it.
    func set(keyDigest: String, value: Data, expiresAt: Date?, contactID: Contact.ID?) async throws
    func get(keyDigest: String, now: Date) async throws -> Data?
    func remove(keyDigest: String) async throws
    /// Deletes expired sessions; returns how many.
    func purgeExpired(now: Date) async throws -> Int
}
