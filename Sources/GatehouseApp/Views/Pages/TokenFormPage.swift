/// A password form with one token-bearing action: the registration's confirmation, the password reset, the
/// invitation (name, password, consent) and the signed-in contact's password change.
struct TokenFormPage: PageView {
    enum Form: String, Sendable {
        case confirm
        case forgot
        case reset
        case invitation
        case accountPassword = "account-password"
    }

    let chrome: PageChrome
    let form: Form
    let csrfToken: String
    let token: String
    let name: String
    let passwordRule: String
    let consent: ConsentView?
    let error: FormError?
    /// Where the form posts (pages whose action is not fixed, such as the portal's password page).
    var action: String = ""
    var template: String { form.rawValue }

    func main() -> HTML {
        let t = chrome.t
        let markup = FormMarkup(t, error: error)
        let password = FormMarkup.Field(id: "password", reasons: FieldReasons.newPassword, hint: passwordRule)
        let current = FormMarkup.Field(id: "current-password", reasons: FieldReasons.currentPassword)
        let nameField = FormMarkup.Field(id: "name", reasons: FieldReasons.name)
        let (heading, body, target, button): (String, String, String, String) =
            switch form {
            case .confirm: (t.confirmHeading, t.confirmBody, "/register/verify", t.activateAccount)
            case .forgot: (t.forgotHeading, t.forgotBody, "/password/forgot", t.sendLink)
            case .reset: (t.resetHeading, "", "/password/reset", t.savePassword)
            case .invitation: (t.invitationHeading, t.invitationBody, "/invitation", t.acceptInvitation)
            case .accountPassword: (t.changePasswordHeading, t.changePasswordBody, action, t.savePassword)
            }
        var html: HTML = "<h1>\(heading)</h1>\n"
        if !body.isEmpty { html.append("<p>\(body)</p>\n") }
        html.append(markup.summary(fields: [nameField, current, password, ConsentView.field]))
        html.append("<form method=\"post\" action=\"\(target)\" class=\"stack\">\n\(FormMarkup.hidden("csrf_token", csrfToken))")
        if form == .forgot {
            html.append(
                markup.input(
                    .init(id: "email", reasons: FieldReasons.email), label: t.email, type: "email", name: "email",
                    attributes: "autocomplete=\"email\" required"))
            html.append("<button type=\"submit\">\(button)</button>\n</form>\n<p><a href=\"/login\">\(t.backToSignIn)</a></p>\n")
            return html
        }
        if form != .accountPassword { html.append(FormMarkup.hidden("token", token)) }
        if form == .invitation {
            html.append(
                markup.input(
                    nameField, label: t.name, type: "text", name: "name", value: name, attributes: "autocomplete=\"name\" maxlength=\"100\" required")
            )
        }
        if form == .accountPassword {
            html.append(
                markup.input(
                    current, label: t.currentPassword, type: "password", name: "current_password",
                    attributes: "autocomplete=\"current-password\" required"))
        }
        html.append(
            markup.input(
                password, label: form == .accountPassword || form == .reset ? t.newPassword : t.password, type: "password", name: "password",
                attributes: "autocomplete=\"new-password\" required"))
        if let consent { html.append(consent.markup(markup)) }
        html.append("<button type=\"submit\">\(button)</button>\n</form>\n")
        return html
    }
}
