import Foundation
import GatehouseCore

/// What agents see for a pipeline stage, in the page's language: the configured label
/// (`tickets.pipeline.NAME.stage_labels[_fi|_de]`), else the portal's translation of a built-in stage name,
/// else the name with `_` as spaces and a capital first letter — never the bare code.
struct StageLabels: Sendable {
    let settings: TicketSettings

    init(_ settings: TicketSettings) {
        self.settings = settings
    }

    /// `t`: the page's texts, in `language` (passed in: copying a language's texts per call would cost more
    /// than the lookup).
    func label(_ stageName: String, pipeline: String, language: Language, texts t: borrowing PageTexts) -> String {
        if let stage = settings.pipeline(named: pipeline)?.stage(named: stageName) {
            if let translated = stage.translatedLabels[language.rawValue] { return translated }
            if let label = stage.label { return label }
        }
        switch stageName {
        case "new": return t.stageNew
        case "waiting_on_us": return t.stageWaitingOnUs
        case "waiting_on_contact": return t.stageWaitingOnContact
        case "closed": return t.stageClosed
        default:
            let words = stageName.replacingOccurrences(of: "_", with: " ")
            return words.prefix(1).uppercased() + words.dropFirst()
        }
    }
}
