/// The markup every form shares: fields with their label above the control, a hint and — when the form was
/// refused for that field — the error next to it (`aria-invalid`, `aria-describedby`), and the summary at
/// the top of the form that links to each field in error.
struct FormMarkup {
    let t: PageTexts
    let errors: [FormError]

    init(_ t: PageTexts, errors: [FormError]) {
        self.t = t
        self.errors = errors
    }

    init(_ t: PageTexts, error: FormError?) {
        self.init(t, errors: error.map { [$0] } ?? [])
    }

    /// A field of the form: its id, the codes that concern it and, when it has one, the hint's text.
    struct Field {
        let id: String
        let reasons: [String]
        var hint: String? = nil
    }

    func error(for field: Field) -> FormError? {
        errors.first { $0.concerns(field.reasons) }
    }

    /// The summary at the top: every error, linked to its field when it concerns one, and the reason codes
    /// on a small line for support staff. Nothing when the form has no error.
    func summary(fields: [Field]) -> HTML {
        guard !errors.isEmpty else { return "" }
        var html: HTML = "<div class=\"error-summary\" role=\"alert\" id=\"form-error\">\n<h2>\(t.fixErrors)</h2>\n<ul>\n"
        for error in errors {
            if let field = fields.first(where: { error.concerns($0.reasons) }) {
                html.append("<li><a href=\"#\(field.id)\">\(error.summary)</a></li>\n")
            } else {
                html.append("<li>\(error.summary)</li>\n")
            }
        }
        html.append("</ul>\n<p class=\"reason\">\(t.reasonCode): ")
        for (index, error) in errors.enumerated() {
            html.append("\(if: index > 0, ", ")<code>\(error.code)</code>")
        }
        html.append("</p>\n</div>\n")
        return html
    }

    /// The attributes a control gets: `aria-invalid` when in error, `aria-describedby` naming its error and hint.
    func controlAttributes(_ field: Field) -> HTML {
        let error = error(for: field)
        var described: [String] = []
        if error != nil { described.append(field.id + "-error") }
        if field.hint != nil { described.append(field.id + "-hint") }
        var html: HTML = "id=\"\(field.id)\""
        if error != nil { html.append(" aria-invalid=\"true\"") }
        if !described.isEmpty { html.append(" aria-describedby=\"\(described.joined(separator: " "))\"") }
        return html
    }

    /// The field's hint and error, written after its control.
    func notes(_ field: Field) -> HTML {
        var html = HTML()
        if let hint = field.hint { html.append("<p class=\"hint\" id=\"\(field.id)-hint\">\(hint)</p>\n") }
        if let error = error(for: field) {
            html.append(
                "<p class=\"field-error\" id=\"\(field.id)-error\"><span class=\"visually-hidden\">\(t.fieldErrorPrefix) </span>\(error.summary)</p>\n"
            )
        }
        return html
    }

    /// `<div class="field"><label for>…</label><input …>` with hint and error; `attributes` are the view's own.
    func input(_ field: Field, label: String, type: String, name: String, value: String = "", attributes: HTML = "") -> HTML {
        """
        <div class="field\(if: error(for: field) != nil, " invalid")">
        <label for="\(field.id)">\(label)</label>
        <input type="\(type)" name="\(name)" \(controlAttributes(field))\(if: type != "password", " value=\"\(value)\"") \(attributes)>
        \(notes(field))</div>

        """
    }

    func textarea(_ field: Field, label: String, name: String, value: String, rows: Int, maxLength: Int, visibleLabel: Bool = true) -> HTML {
        """
        <div class="field\(if: error(for: field) != nil, " invalid")">
        <label for="\(field.id)"\(if: !visibleLabel, " class=\"visually-hidden\"")>\(label)</label>
        <textarea name="\(name)" \(controlAttributes(field)) rows="\(rows)" maxlength="\(maxLength)" required>\(value)</textarea>
        \(notes(field))</div>

        """
    }

    func select(_ field: Field, label: String, name: String, choices: [Choice], placeholder: String?) -> HTML {
        var options = HTML()
        if let placeholder { options.append("<option value=\"\">\(placeholder)</option>") }
        for choice in choices {
            options.append("<option value=\"\(choice.value)\"\(if: choice.selected, " selected")>\(choice.label)</option>")
        }
        return """
            <div class="field\(if: error(for: field) != nil, " invalid")">
            <label for="\(field.id)">\(label)</label>
            <select name="\(name)" \(controlAttributes(field))>\(options)</select>
            \(notes(field))</div>

            """
    }

    /// A checkbox with its label beside it (consent).
    func checkbox(_ field: Field, label: String, name: String, value: String, checked: Bool, required: Bool) -> HTML {
        """
        <div class="field check\(if: error(for: field) != nil, " invalid")">
        <input type="checkbox" name="\(name)" value="\(value)" \(controlAttributes(field))\(if: checked, " checked")\(if: required, " required")>
        <label for="\(field.id)">\(label)</label>
        \(notes(field))</div>

        """
    }

    static func hidden(_ name: String, _ value: String) -> HTML {
        "<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">\n"
    }
}
