import Foundation
import GatehouseApp
import Logging
import Synchronization

/// Collects the lines a ``JSONLogHandler`` writes, for tests that look at what was logged.
final class LogCapture: Sendable {
    private let written = Mutex<[Data]>([])
    static let fixedTime = Date(timeIntervalSince1970: 1_715_000_000.125)

    /// A logger writing JSON lines here, at `level`, with a fixed clock.
    func logger(label: String = "gatehouse", level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: label) { label in
            JSONLogHandler(
                label: label, metadataProvider: nil, now: { LogCapture.fixedTime }, output: { line in self.written.withLock { $0.append(line) } })
        }
        logger.logLevel = level
        return logger
    }

    var raw: [Data] { written.withLock { $0 } }

    /// Every line as a JSON object (a line that is not one fails the test through the throw).
    func objects() throws -> [[String: Any]] {
        try raw.map { line in
            guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any] else { throw LogCaptureError() }
            return object
        }
    }
}

struct LogCaptureError: Error {}
