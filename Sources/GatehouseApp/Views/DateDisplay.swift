import Foundation

/// Dates as the page's language writes them, in the portal's time zone (`portal.time_zone`).
struct DateDisplay: Sendable {
    let timeZone: TimeZone
    private let styles: [Language: Date.FormatStyle]

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
        date.formatted(styles[language]!)
    }

    /// The machine-readable form for `<time datetime>`.
    func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
