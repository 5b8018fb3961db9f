import Foundation
import Synchronization

/// Dates as the page's language writes them, in the portal's time zone (`portal.time_zone`).
///
/// Pages show minutes, and `Date.FormatStyle` costs microseconds per call (a ticket list has 50 dates),
/// so texts are kept per language and minute; the cache is bounded and simply starts over when full.
final class DateDisplay: Sendable {
    struct Key: Hashable {
        /// nil for the ISO 8601 form.
        let language: Language?
        let instant: Int64
    }

    static let capacity = 100_000
    let timeZone: TimeZone
    private let styles: [Language: Date.FormatStyle]
    private let texts = Mutex<[Key: String]>([:])

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var styles: [Language: Date.FormatStyle] = [:]
        for language in Language.allCases {
            styles[language] = Date.FormatStyle(
                date: .abbreviated, time: .shortened, locale: language.locale, calendar: Calendar(identifier: .gregorian), timeZone: timeZone)
        }
        self.styles = styles
    }

    func text(_ date: Date, in language: Language) -> String {
        let minute = Int64((date.timeIntervalSince1970 / 60).rounded(.down))
        return cached(Key(language: language, instant: minute)) {
            Date(timeIntervalSince1970: TimeInterval(minute) * 60).formatted(styles[language]!)
        }
    }

    /// The machine-readable form for `<time datetime>` (whole seconds, UTC).
    func iso(_ date: Date) -> String {
        let second = Int64(date.timeIntervalSince1970.rounded(.down))
        return cached(Key(language: nil, instant: second)) { Date(timeIntervalSince1970: TimeInterval(second)).formatted(.iso8601) }
    }

    private func cached(_ key: Key, _ make: () -> String) -> String {
        if let text = texts.withLock({ $0[key] }) { return text }
        let text = make()
        texts.withLock { texts in
            if texts.count >= Self.capacity { texts.removeAll(keepingCapacity: true) }
            texts[key] = text
        }
        return text
    }
}
