import Foundation
import Logging
import Synchronization

/// A swift-log handler that writes one JSON object per line (`log.format: json`), for log collectors
/// that index fields across a fleet of instances.
///
/// Hand-written because swift-log ships only `StreamLogHandler` (plain text) and the JSON handlers
/// around are whole logging frameworks for a dozen lines of work. Each line has `time` (RFC 3339, UTC,
/// milliseconds), `level`, `message`, `label` and every metadata key as a member of its own
/// (`instance`, `route`, `status`, …; Hummingbird's `hb.request.id` is spelled `request_id`). A
/// metadata key that collides with one of the four fixed members is kept as `metadata.<key>`. Integers
/// and finite floating-point values become JSON numbers, nested metadata nested values, everything else
/// strings. `JSONEncoder` does the escaping; a line is written with one call under a lock, so lines
/// from different threads never interleave. Like the text handler it writes to standard error.
public struct JSONLogHandler: LogHandler {
    /// Receives one encoded line, newline included.
    public typealias Output = @Sendable (_ line: Data) -> Void

    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    let label: String
    let now: @Sendable () -> Date
    let output: Output

    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider, now: @escaping @Sendable () -> Date = Date.init,
        output: @escaping Output = JSONLogHandler.standardError
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.now = now
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        output(Self.line(time: now(), level: event.level, message: event.message.description, label: label, metadata: merged))
    }

    /// The encoded line, newline included.
    static func line(time: Date, level: Logger.Level, message: String, label: String, metadata: Logger.Metadata) -> Data {
        var members: [String: JSONValue] = [:]
        for (key, value) in metadata {
            let name = key == "hb.request.id" ? "request_id" : key
            members[fixedMembers.contains(name) ? "metadata.\(name)" : name] = JSONValue(value)
        }
        members["time"] = .string(time.formatted(timeStyle))
        members["level"] = .string(level.rawValue)
        members["message"] = .string(message)
        members["label"] = .string(label)
        // Encoding strings, finite numbers and containers of them cannot fail; the fallback is for safety.
        var line = (try? encoder.encode(members)) ?? Data(#"{"message":"unencodable log line"}"#.utf8)
        line.append(UInt8(ascii: "\n"))
        return line
    }

    private static let fixedMembers: Set<String> = ["time", "level", "message", "label"]
    private static let timeStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Writes to standard error; the lock keeps each line in one piece.
    public static let standardError: Output = { line in
        standardErrorLock.withLock { _ in
            try? FileHandle.standardError.write(contentsOf: line)
        }
    }
    private static let standardErrorLock = Mutex(())
}

/// A metadata value as JSON.
private enum JSONValue: Encodable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case array([JSONValue])
    case object([String: JSONValue])

    init(_ value: Logger.MetadataValue) {
        switch value {
        case .string(let text):
            self = .string(text)
        case .stringConvertible(let convertible):
            if let integer = convertible as? any BinaryInteger, let exact = Int64(exactly: integer) {
                self = .integer(exact)
            } else if let number = convertible as? any BinaryFloatingPoint, Double(number).isFinite {
                self = .number(Double(number))
            } else {
                self = .string(convertible.description)
            }
        case .array(let values):
            self = .array(values.map(JSONValue.init))
        case .dictionary(let values):
            self = .object(values.mapValues(JSONValue.init))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .integer(let integer): try container.encode(integer)
        case .number(let number): try container.encode(number)
        case .array(let values): try container.encode(values)
        case .object(let values): try container.encode(values)
        }
    }
}
