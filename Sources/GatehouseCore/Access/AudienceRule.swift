/// Who may enter the portal through one sign-in method: everyone who authenticates, or only members
/// of at least one of the named contact lists.
public enum AudienceRule: Sendable, Equatable, CustomStringConvertible {
    case all
    case lists(Set<String>)

    /// Whether a contact belonging to `memberships` (list names, compared case-insensitively) is admitted.
    public func admits(memberships: some Sequence<String>) -> Bool {
        switch self {
        case .all:
            return true
        case .lists(let names):
            let allowed = Set(names.map { $0.lowercased() })
            return memberships.contains { allowed.contains($0.lowercased()) }
        }
    }

    public var description: String {
        switch self {
        case .all: "all"
        case .lists(let names): names.sorted().joined(separator: ", ")
        }
    }
}
