struct IdentityProviderButton: Sendable {
    let name: String
    let displayName: String
    let href: String
}

/// `/login`: the identity providers' buttons, then email and password.
struct LoginPage: PageView {
    let chrome: PageChrome
    let csrfToken: String
    let returnTo: String
    let email: String
    let error: FormError?
    let notice: String?
    let identityProviders: [IdentityProviderButton]
    let registrationOpen: Bool
    let hasIdentityProviders: Bool
    var template: String { "login" }

    func main() -> HTML {
        let t = chrome.t
        let form = FormMarkup(t, error: error)
        var html: HTML = "<h1>\(t.signInHeading)</h1>\n"
        if let notice { html.append("<p class=\"notice\" role=\"status\">\(notice)</p>\n") }
        html.append(form.summary(fields: []))
        if !identityProviders.isEmpty {
            html.append("<ul class=\"idps\">\n")
            for provider in identityProviders {
                html.append("<li><a class=\"button secondary\" href=\"\(provider.href)\">\(t.signInWith) \(provider.displayName)</a></li>\n")
            }
            html.append("</ul>\n<p class=\"separator\">\(t.orPassword)</p>\n")
        }
        html.append(
            """
            <form method="post" action="/login" class="stack">
            \(FormMarkup.hidden("csrf_token", csrfToken))\(FormMarkup.hidden("return_to", returnTo))\(form.input(.init(id: "email", reasons: []), label: t.email, type: "email", name: "email", value: email, attributes: "autocomplete=\"username\" required"))\(form.input(.init(id: "password", reasons: []), label: t.password, type: "password", name: "password", attributes: "autocomplete=\"current-password\" required"))<button type="submit">\(t.signIn)</button>
            </form>
            <p><a href="/password/forgot">\(t.forgotPassword)</a></p>

            """)
        if registrationOpen { html.append("<p>\(t.noAccount) <a href=\"/register\">\(t.registerHere)</a></p>\n") }
        return html
    }
}
