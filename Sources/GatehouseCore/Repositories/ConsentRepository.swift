import Foundation

/// What a contact agreed to, and when.
public protocol ConsentRepository: Sendable {
    func record(_ consent: ConsentRecord) async throws
    func consents(of contact: Contact.ID) async throws -> [ConsentRecord]
}

/// One consent decision: the exact notice version shown and whether the box was ticked.
public struct ConsentRecord: Sendable, Equatable {
    public var contactID: Contact.ID
    /// A digest of the notice, checkbox text and links as shown, so wording changes are distinguishable.
    public var textVersion: String
    public var accepted: Bool
    public var recordedAt: Date

    public init(contactID: Contact.ID, textVersion: String, accepted: Bool, recordedAt: Date) {
        self.contactID = contactID
        self.textVersion = textVersion
        self.accepted = accepted
        self.recordedAt = recordedAt
    }
}
