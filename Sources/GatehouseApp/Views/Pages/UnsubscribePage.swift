/// The page of a notification's unsubscribe link. Opening the link changes nothing (mail scanners open
/// links); the button does, and the page after it offers the way back.
struct UnsubscribePage: PageView {
    let chrome: PageChrome
    let heading: String
    let body: String
    let address: String
    /// Where the button posts: the same link.
    let action: String
    /// `unsubscribe` or `subscribe`.
    let choice: String
    let button: String
    var template: String { "unsubscribe" }

    func main() -> HTML {
        """
        <h1>\(heading)</h1>
        <p>\(body) <strong id="address">\(address)</strong></p>
        <form method="post" action="\(action)" class="stack">
        \(FormMarkup.hidden("choice", choice))<button type="submit" id="choice">\(button)</button>
        </form>

        """
    }
}
