/// A refusal or error: the summary in the page's language, and for support staff the reason code and the
/// request id (never the detail, which is in the log).
struct RefusalPage: PageView {
    let chrome: PageChrome
    let heading: String
    let summary: String
    let code: String
    let requestID: String
    /// For visitors who are not signed in.
    let signInLink: String?
    var template: String { "refusal" }

    func main() -> HTML {
        let t = chrome.t
        var html: HTML = """
            <h1>\(heading)</h1>
            <div class="error-summary" role="alert">
            <p>\(summary)</p>
            </div>
            <p>\(t.tellAdmin)</p>
            <dl class="reason">
            <dt>\(t.reasonCode)</dt><dd><code class="reason">\(code)</code></dd>
            <dt>\(t.requestID)</dt><dd><code class="request-id">\(requestID)</code></dd>
            </dl>

            """
        if let signInLink {
            html.append("<p><a href=\"\(signInLink)\">\(t.backToSignIn)</a></p>\n")
        } else if let tickets = chrome.ticketsHref {
            html.append("<p><a href=\"\(tickets)\">\(t.backToTickets)</a></p>\n")
        }
        return html
    }
}
