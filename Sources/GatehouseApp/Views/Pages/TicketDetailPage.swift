struct MessageView: Sendable {
    let id: String
    let author: String
    let byAgent: Bool
    let isNote: Bool
    let body: String
    let time: String
    let timeISO: String
}

/// A ticket with its conversation and the reply form: the customer's (`ticket`: public messages only) and
/// the agent's (`agent-ticket`: with internal notes, the contacts, the stage menu and the note/public choice).
struct TicketDetailPage: PageView {
    let chrome: PageChrome
    let agent: Bool
    let id: String
    let subject: String
    let status: String
    let statusClass: String
    let created: String
    let createdISO: String
    let lastActivity: String
    let lastActivityISO: String
    let category: String?
    let priority: String?
    let messages: [MessageView]
    let backHref: String
    let replyAction: String
    let replyBody: String
    let replyMaximum: Int
    let replyReopens: Bool
    let closedNoReopen: Bool
    let error: FormError?
    let notice: String?
    /// Agent detail only: the stage's label, the contacts on the ticket and the stages to move it to.
    let stage: String
    let contacts: [String]
    let stages: [Choice]
    let stageAction: String
    let noteSelected: Bool
    var template: String { agent ? "agent-ticket" : "ticket" }
    var mainClass: String { "wide" }

    static let replyField = FormMarkup.Field(id: "reply-body", reasons: FieldReasons.message)
    static let stageField = FormMarkup.Field(id: "stage", reasons: FieldReasons.stage)

    func main() -> HTML {
        let t = chrome.t
        let form = FormMarkup(t, error: error)
        var html: HTML = """
            <p class="back"><a href="\(backHref)" id="back">\(agent ? t.agentInbox : t.backToTickets)</a></p>
            <h1 id="ticket-subject">\(subject)</h1>

            """
        if let notice { html.append("<p class=\"notice\" role=\"status\" id=\"notice\">\(notice)</p>\n") }
        html.append(
            """
            <dl class="ticket-facts">
            <dt>\(t.colID)</dt><dd id="ticket-id">\(id)</dd>
            <dt>\(t.colStatus)</dt><dd><span class="status \(statusClass)" id="ticket-status">\(status)</span></dd>

            """)
        if agent {
            html.append("<dt>\(t.colStage)</dt><dd id=\"ticket-stage\">\(stage)</dd>\n<dt>\(t.colContacts)</dt><dd><ul class=\"plain\">")
            for contact in contacts { html.append("<li>\(contact)</li>") }
            html.append("</ul></dd>\n")
        }
        html.append(
            """
            <dt>\(t.colCreated)</dt><dd><time datetime="\(createdISO)">\(created)</time></dd>
            <dt>\(t.colLastActivity)</dt><dd><time datetime="\(lastActivityISO)">\(lastActivity)</time></dd>

            """)
        if let category { html.append("<dt>\(t.fieldCategory)</dt><dd>\(category)</dd>\n") }
        if let priority { html.append("<dt>\(t.fieldPriority)</dt><dd>\(priority)</dd>\n") }
        html.append("</dl>\n")
        if agent {
            html.append(
                """
                <form method="post" action="\(stageAction)" class="stage">
                \(FormMarkup.hidden("csrf_token", chrome.csrfToken ?? ""))\(form.select(Self.stageField, label: t.changeStage, name: "stage", choices: stages, placeholder: nil))<button type="submit" id="save-stage" class="secondary">\(t.save)</button>
                </form>

                """)
        }
        html.append("<h2>\(t.conversation)</h2>\n<ol class=\"conversation\">\n")
        for message in messages {
            html.append(
                "<li class=\"message\(if: message.byAgent, " agent")\(if: message.isNote, " note")\" id=\"message-\(message.id)\"><p class=\"meta\"><strong>\(message.author)</strong>"
            )
            if message.isNote {
                html.append(" · <span class=\"note-label\">\(t.internalNote)</span>")
            } else if message.byAgent && !agent {
                html.append(" · \(t.supportTeam)")
            }
            html.append(" · <time datetime=\"\(message.timeISO)\">\(message.time)</time></p><div class=\"body\">\(message.body)</div></li>\n")
        }
        html.append("</ol>\n<h2 id=\"reply-heading\">\(t.replyHeading)</h2>\n")
        html.append(form.summary(fields: [Self.replyField, Self.stageField]))
        if replyReopens { html.append("<p class=\"hint\">\(t.replyReopens)</p>\n") }
        if closedNoReopen { html.append("<p class=\"hint\">\(t.replyClosed)</p>\n") }
        html.append(
            "<form method=\"post\" action=\"\(replyAction)\" class=\"reply stack\">\n\(FormMarkup.hidden("csrf_token", chrome.csrfToken ?? ""))")
        if agent {
            html.append(
                """
                <fieldset class="kind"><legend>\(t.messageKind)</legend>
                <label class="check"><input type="radio" name="kind" value="public" id="kind-public"\(if: !noteSelected, " checked")> \(t.publicMessage)</label>
                <label class="check"><input type="radio" name="kind" value="note" id="kind-note"\(if: noteSelected, " checked")> \(t.internalNote)</label>
                </fieldset>
                <p class="hint">\(t.notesHint)</p>

                """)
        }
        var reply = Self.replyField
        reply.hint = t.messageLimit
        html.append(
            form.textarea(reply, label: t.replyHeading, name: "body", value: replyBody, rows: 6, maxLength: replyMaximum, visibleLabel: false))
        html.append("<button type=\"submit\" id=\"send-reply\">\(agent ? t.postMessage : t.sendReply)</button>\n</form>\n")
        return html
    }
}
