import Foundation

/// A named set of contacts, used by audience rules ("members of Customers or Partners may enter")
/// and for invitations.
public struct ContactList: Sendable, Equatable, Identifiable {
    public typealias ID = Int64

    public var id: ID
    public var name: String
    public var createdAt: Date

    public init(id: ID, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}
