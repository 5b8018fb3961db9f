/// A built-in page: a view model (built by a controller from domain values, never from database records)
/// that writes its own markup — a compiled view — unless an operator overrides its template, in which case
/// ``PageRenderer`` renders the same value with Mustache (see ``MustachePage``).
protocol PageView: Sendable {
    /// The template an override replaces (`portal.templates_directory/NAME.mustache`).
    var template: String { get }
    var chrome: PageChrome { get }
    /// The content of `<main>`, escaped by ``HTML``.
    func main() -> HTML
    /// The class of `<main>` (its width): the narrow form column unless a page needs more.
    var mainClass: String { get }
}

extension PageView {
    var mainClass: String { "" }

    /// The whole document.
    func document() -> HTML { chrome.document(main(), mainClass: mainClass) }
}
