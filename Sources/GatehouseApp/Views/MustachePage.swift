import Mustache

/// A page model as an operator's Mustache override sees it: its stored properties by name, as swift-mustache
/// finds them by reflection in any value, plus `t`, the texts by their snake-case names, and `mainClass`.
///
/// swift-mustache reflects on a value (`Mirror`, every property) for each `{{name}}` it looks up, so the model
/// is reflected once per render instead, into dictionaries it reads by hash. Only an overridden page pays for
/// this — several times a compiled view's time (README, "Branding and templates").
struct MustachePage: MustacheParent {
    let values: [String: Any]

    init(model: any PageView) {
        let texts = PageTexts.mustacheTable(for: model.chrome.language)
        var values = Self.dictionary(of: model, texts: texts)
        values["t"] = texts
        values["mainClass"] = model.mainClass
        self.values = values
    }

    func child(named name: String) -> Any? { values[name] }

    /// The stored properties of `value`, each converted; the texts (the chrome's `t`) as `t` by name. Values
    /// inside sections find the page's `t` up the context stack.
    static func dictionary(of value: Any, texts: [String: String]) -> [String: Any] {
        var values: [String: Any] = [:]
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            if child.value is PageTexts {
                values["t"] = texts
            } else if let converted = convert(child.value, texts: texts) {
                values[label] = converted
            }
        }
        return values
    }

    /// What swift-mustache would see: text, numbers and booleans as they are, an Optional unwrapped (nil:
    /// absent, as a missing property is), arrays element by element, a string-backed enum as its raw value, and any
    /// other value as the dictionary of its properties.
    static func convert(_ value: Any, texts: [String: String]) -> Any? {
        switch value {
        case let text as String: return text
        case let flag as Bool: return flag
        case let number as Int: return number
        case let named as any RawRepresentable<String>: return named.rawValue
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional: return mirror.children.first.flatMap { convert($0.value, texts: texts) }
        case .collection: return mirror.children.compactMap { convert($0.value, texts: texts) }
        default: return dictionary(of: value, texts: texts)
        }
    }
}
