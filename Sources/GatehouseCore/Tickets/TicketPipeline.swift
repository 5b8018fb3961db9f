/// A pipeline's stages in order, each open or closed (HubSpot's model): the portal shows only
/// Open/Closed, agents move tickets between stages.
public struct TicketPipeline: Sendable, Equatable {
    public struct Stage: Sendable, Equatable {
        public var name: String
        public var status: TicketStatus
        /// What agents see instead of the name (`Waiting on contact` for `waiting_on_contact`), configured;
        /// nil: the portal's own translation of a built-in stage name, else the name itself.
        public var label: String?
        /// The label in other languages, by language code (`fi`, `de`); a missing one falls back to `label`.
        public var translatedLabels: [String: String]

        public init(name: String, status: TicketStatus, label: String? = nil, translatedLabels: [String: String] = [:]) {
            self.name = name
            self.status = status
            self.label = label
            self.translatedLabels = translatedLabels
        }
    }

    public var name: String
    /// The first stage is where new tickets start; the first open stage is where a reopened one goes.
    public var stages: [Stage]

    public init(name: String, stages: [Stage]) {
        self.name = name
        self.stages = stages
    }

    public func stage(named name: String) -> Stage? {
        stages.first { $0.name == name }
    }

    public var initialStage: Stage { stages[0] }

    public var reopenStage: Stage { stages.first { $0.status == .open } ?? stages[0] }

    /// The default help-desk pipeline.
    public static let support = TicketPipeline(
        name: "support",
        stages: [
            Stage(name: "new", status: .open), Stage(name: "waiting_on_us", status: .open), Stage(name: "waiting_on_contact", status: .open),
            Stage(name: "closed", status: .closed),
        ])
}
