import Foundation

/// Server-side session records keyed by a digest of the session id (the raw id exists only in the
/// browser's cookie, so a copy of the database lets no one resume a session).
public protocol SessionStore: Sendable {
    /// Stores a session record; `contactID` names the signed-in contact, whose password changes end it.
    func set(keyDigest: String, value: Data, expiresAt: Date?, contactID: Contact.ID?) async throws
    /// The unexpired record with the contact it names, read together: every signed-in request needs
    /// both, and on PostgreSQL each read is a round trip.
    func load(keyDigest: String, now: Date) async throws -> LoadedSession?
    func remove(keyDigest: String) async throws
    /// Deletes expired sessions; returns how many.
    func purgeExpired(now: Date) async throws -> Int
}

/// A session record and the contact its `contactID` names, as one read returns them.
public struct LoadedSession: Sendable, Equatable {
    public var value: Data
    public var contactID: Contact.ID?
    /// `nil` when the record names no contact or the contact no longer exists.
    public var contact: Contact?

    public init(value: Data, contactID: Contact.ID?, contact: Contact?) {
        self.value = value
        self.contactID = contactID
        self.contact = contact
    }
}
