/// `/register`: email, name and consent; the password is chosen from the emailed link.
struct RegisterPage: PageView {
    let chrome: PageChrome
    let csrfToken: String
    let email: String
    let name: String
    let passwordRule: String
    let consent: ConsentView?
    let error: FormError?
    var template: String { "register" }

    static let emailField = FormMarkup.Field(id: "email", reasons: FieldReasons.email)

    func main() -> HTML {
        let t = chrome.t
        let form = FormMarkup(t, error: error)
        let nameField = FormMarkup.Field(id: "name", reasons: FieldReasons.name, hint: t.registerPasswordLater)
        var html: HTML = """
            <h1>\(t.registerHeading)</h1>
            \(form.summary(fields: [Self.emailField, nameField, ConsentView.field]))<form method="post" action="/register" class="stack">
            \(FormMarkup.hidden("csrf_token", csrfToken))\(form.input(Self.emailField, label: t.email, type: "email", name: "email", value: email, attributes: "autocomplete=\"email\" required"))\(form.input(nameField, label: t.name, type: "text", name: "name", value: name, attributes: "autocomplete=\"name\" maxlength=\"100\" required"))
            """
        if let consent { html.append(consent.markup(form)) }
        html.append("<button type=\"submit\">\(t.register)</button>\n</form>\n<p><a href=\"/login\">\(t.backToSignIn)</a></p>\n")
        return html
    }
}
