/// The texts as Mustache overrides name them: `{{t.sign_in_with}}` for ``PageTexts/signInWith``.
///
/// Built once per language by reflection (a property's name in snake case, "ID" as "_id"), so a text added
/// to ``PageTexts`` is available to overrides without a list to keep in step; compiled pages never use it.
extension PageTexts {
    static let englishTable = english.mustacheTable
    static let finnishTable = finnish.mustacheTable
    static let germanTable = german.mustacheTable

    static func mustacheTable(for language: Language) -> [String: String] {
        switch language {
        case .en: englishTable
        case .fi: finnishTable
        case .de: germanTable
        }
    }

    private var mustacheTable: [String: String] {
        var table: [String: String] = [:]
        for child in Mirror(reflecting: self).children {
            guard let name = child.label, let text = child.value as? String else { continue }
            table[Self.snakeCase(name)] = text
        }
        return table
    }

    /// `signInWith` → `sign_in_with`, `colID` → `col_id`.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        var previousIsLower = false
        for character in name {
            if character.isUppercase {
                if previousIsLower { result.append("_") }
                result.append(contentsOf: character.lowercased())
                previousIsLower = false
            } else {
                result.append(character)
                previousIsLower = true
            }
        }
        return result
    }
}
