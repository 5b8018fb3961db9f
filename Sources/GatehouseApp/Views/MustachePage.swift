import Mustache

/// A page model as an operator's Mustache override sees it: its stored properties by name (what swift-mustache
/// does by reflection for any value), plus `t`, the texts by their snake-case names.
///
/// Only an overridden page pays for this: every lookup of a `{{name}}` reflects on the model (`Mirror`),
/// which costs microseconds per value, against nanoseconds for a compiled view (README, "Overriding pages").
struct MustachePage: MustacheParent {
    let model: any PageView

    func child(named name: String) -> Any? {
        switch name {
        case "t": PageTexts.mustacheTable(for: model.chrome.language)
        case "mainClass": model.mainClass
        default: Self.reflect(model, name)
        }
    }

    /// swift-mustache's own lookup: the stored property of that name, an Optional unwrapped.
    static func reflect(_ value: Any, _ name: String) -> Any? {
        guard let child = Mirror(reflecting: value).children.first(where: { $0.label == name }) else { return nil }
        let mirror = Mirror(reflecting: child.value)
        guard mirror.displayStyle == .optional else { return child.value }
        return mirror.children.first?.value
    }
}

extension PageChrome: MustacheParent {
    /// `{{chrome.t.name}}` in the header and footer overrides: the texts by name, like the page's `t`.
    func child(named name: String) -> Any? {
        name == "t" ? PageTexts.mustacheTable(for: language) : MustachePage.reflect(self, name)
    }
}
