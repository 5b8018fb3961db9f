/// How the ticket module is set up (configuration `tickets.*`).
public struct TicketSettings: Sendable, Equatable {
    public var pipelines: [TicketPipeline]
    /// Where tickets filed in the portal go.
    public var portalPipeline: String
    public var portalFilter: PortalTicketFilter
    /// Categories offered on the form; empty hides the field.
    public var categories: [String]
    /// Whether the form asks for a priority.
    public var askPriority: Bool
    /// Whether a customer's reply moves a closed ticket back to the pipeline's first open stage.
    public var reopenOnCustomerReply: Bool

    public init(
        pipelines: [TicketPipeline] = [.support], portalPipeline: String = "support", portalFilter: PortalTicketFilter = .none,
        categories: [String] = [], askPriority: Bool = false, reopenOnCustomerReply: Bool = false
    ) {
        self.pipelines = pipelines
        self.portalPipeline = portalPipeline
        self.portalFilter = portalFilter
        self.categories = categories
        self.askPriority = askPriority
        self.reopenOnCustomerReply = reopenOnCustomerReply
    }

    public func pipeline(named name: String) -> TicketPipeline? {
        pipelines.first { $0.name == name }
    }

    public static let subjectMaximum = 200
    public static let bodyMaximum = 10_000
}
