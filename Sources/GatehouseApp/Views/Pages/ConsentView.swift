/// The consent block of the registration and invitation forms: the notice, links to the documents and the
/// checkbox (required when the configuration says so).
struct ConsentView: Sendable {
    struct Link: Sendable {
        let title: String
        let url: String
    }

    let notice: String
    let checkbox: String
    let required: Bool
    let links: [Link]
    let checked: Bool
    let hasLinks: Bool

    static let field = FormMarkup.Field(id: "consent", reasons: FieldReasons.consent)

    func markup(_ form: FormMarkup) -> HTML {
        var html: HTML = "<div class=\"consent\">\n<p>\(notice)</p>\n"
        if !links.isEmpty {
            html.append("<ul>\n")
            for link in links { html.append("<li><a href=\"\(link.url)\" rel=\"noopener noreferrer\" target=\"_blank\">\(link.title)</a></li>\n") }
            html.append("</ul>\n")
        }
        html.append(form.checkbox(Self.field, label: checkbox, name: "consent", value: "yes", checked: checked, required: required))
        html.append("</div>\n")
        return html
    }
}
