/// A configuration problem that stops startup: which key, and what is wrong with it.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The dotted key (`portal.base_url`), or empty for problems not tied to one key.
    public let key: String
    public let problem: String

    public init(key: String, _ problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String {
        key.isEmpty ? problem : "\(key): \(problem)"
    }
}
