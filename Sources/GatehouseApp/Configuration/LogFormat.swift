/// How `gatehouse serve` writes its log (`log.format`): swift-log's plain text lines, or one JSON
/// object per line (``JSONLogHandler``) for a log collector that indexes fields across a fleet.
public enum LogFormat: String, Sendable, CaseIterable {
    /// swift-log's default `StreamLogHandler` on standard error, as before this setting existed.
    case text
    /// One JSON object per line on standard error.
    case json
}
