import GatehouseCore

/// The texts of every supported language: the pages' texts (``PageTexts``, one value per language) and the
/// refusal summaries (one file per language, keyed by reason code, because codes are values, not names).
/// Tests check that every refusal a browser can show has a summary in every language.
enum Translations {
    static func texts(for language: Language) -> PageTexts {
        switch language {
        case .en: .english
        case .fi: .finnish
        case .de: .german
        }
    }

    /// The one-line summary of a refusal in `language`; codes without a translation keep the
    /// English summary from their catalog.
    static func summary(of rejection: Rejection, in language: Language) -> String {
        switch language {
        case .en: rejection.summary
        case .fi: finnishReasons[rejection.code.rawValue] ?? rejection.summary
        case .de: germanReasons[rejection.code.rawValue] ?? rejection.summary
        }
    }
}
