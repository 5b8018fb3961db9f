/// A page that only says something: "check your email", "your password was changed", …, with an optional
/// link onwards and, after a registration, the form that sends the link again.
struct NoticePage: PageView {
    /// "Send the link again" on the check-your-email page: the address travels in the form, never in the URL.
    struct Resend: Sendable {
        let action: String
        let csrfToken: String
        let email: String
        let name: String
        let consent: Bool
        let backHref: String
    }

    let chrome: PageChrome
    let heading: String
    let body: String
    let link: String?
    let linkText: String?
    var resend: Resend? = nil
    var notice: String? = nil
    var template: String { "notice" }

    func main() -> HTML {
        let t = chrome.t
        var html: HTML = "<h1>\(heading)</h1>\n"
        if let notice { html.append("<p class=\"notice\" role=\"status\" id=\"notice\">\(notice)</p>\n") }
        html.append("<p>\(body)</p>\n")
        if let resend {
            html.append(
                """
                <form method="post" action="\(resend.action)" class="stack resend">
                \(FormMarkup.hidden("csrf_token", resend.csrfToken))\(FormMarkup.hidden("email", resend.email))\(FormMarkup.hidden("name", resend.name))\(if: resend.consent, FormMarkup.hidden("consent", "yes"))<p class="hint">\(t.resendPrompt)</p>
                <button type="submit" class="secondary" id="resend">\(t.resendButton)</button>
                </form>
                <p><a href="\(resend.backHref)" id="other-address">\(t.useOtherAddress)</a></p>

                """)
        }
        if let link, let linkText { html.append("<p><a href=\"\(link)\">\(linkText)</a></p>\n") }
        return html
    }
}
