import GatehouseCore

/// Page texts in every supported language (one file per language). Keys are used by the templates as
/// `{{t.key}}`; tests check that every language has every key, that templates use no missing key, and
/// that every refusal a browser can show has a summary in every language.
enum Translations {
    static func table(for language: Language) -> [String: String] {
        switch language {
        case .en: english
        case .fi: finnish
        case .de: german
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
