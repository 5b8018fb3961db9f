import Foundation

/// A support ticket as the portal and the agent inbox know it.
public struct Ticket: Sendable, Equatable, Identifiable {
    public typealias ID = Int64

    public var id: ID
    public var subject: String
    public var pipeline: String
    public var stage: String
    /// Open or closed, from the stage (see ``TicketPipeline``); stored so lists can filter on it.
    public var status: TicketStatus
    public var priority: TicketPriority?
    public var category: String?
    public var createdAt: Date
    public var lastActivityAt: Date

    public init(
        id: ID, subject: String, pipeline: String, stage: String, status: TicketStatus, priority: TicketPriority?, category: String?,
        createdAt: Date, lastActivityAt: Date
    ) {
        self.id = id
        self.subject = subject
        self.pipeline = pipeline
        self.stage = stage
        self.status = status
        self.priority = priority
        self.category = category
        self.createdAt = createdAt
        self.lastActivityAt = lastActivityAt
    }
}

public enum TicketStatus: String, Sendable, Codable, CaseIterable {
    case open
    case closed
}

public enum TicketPriority: String, Sendable, Codable, CaseIterable, Comparable {
    case low
    case medium
    case high
    case urgent

    public static func < (lhs: TicketPriority, rhs: TicketPriority) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
