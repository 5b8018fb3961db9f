/// "File a Support Ticket": subject, the configured category and priority choices, and the description;
/// a refused form lists every problem at once, each also next to its field.
struct NewTicketPage: PageView {
    let chrome: PageChrome
    let action: String
    let subject: String
    let body: String
    let subjectMaximum: Int
    let bodyMaximum: Int
    let categories: [Choice]
    let hasCategories: Bool
    let priorities: [Choice]
    let askPriority: Bool
    let errors: [FormError]
    let hasErrors: Bool
    var template: String { "ticket-new" }

    static let subjectField = FormMarkup.Field(id: "subject", reasons: FieldReasons.subject)
    static let categoryField = FormMarkup.Field(id: "category", reasons: FieldReasons.category)
    static let priorityField = FormMarkup.Field(id: "priority", reasons: FieldReasons.priority)

    func main() -> HTML {
        let t = chrome.t
        let form = FormMarkup(t, errors: errors)
        let bodyField = FormMarkup.Field(id: "body", reasons: FieldReasons.message, hint: t.messageLimit)
        var html: HTML = """
            <h1>\(t.newTicketHeading)</h1>
            \(form.summary(fields: [Self.subjectField, Self.categoryField, Self.priorityField, bodyField]))<form method="post" action="\(action)" class="ticket-form stack">
            \(FormMarkup.hidden("csrf_token", chrome.csrfToken ?? ""))\(form.input(Self.subjectField, label: t.fieldSubject, type: "text", name: "subject", value: subject, attributes: "maxlength=\"\(subjectMaximum)\" required"))
            """
        if hasCategories {
            html.append(form.select(Self.categoryField, label: t.fieldCategory, name: "category", choices: categories, placeholder: t.choose))
        }
        if askPriority {
            html.append(form.select(Self.priorityField, label: t.fieldPriority, name: "priority", choices: priorities, placeholder: t.choose))
        }
        html.append(form.textarea(bodyField, label: t.fieldDescription, name: "body", value: body, rows: 10, maxLength: bodyMaximum))
        html.append("<button type=\"submit\" id=\"submit-ticket\">\(t.submitTicket)</button>\n</form>\n")
        return html
    }
}
