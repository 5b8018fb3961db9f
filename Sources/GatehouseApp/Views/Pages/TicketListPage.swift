/// A row of a ticket list; dates are formatted once (``DateDisplay``), labels are in the page's language.
struct TicketRow: Sendable {
    let id: String
    let href: String
    let subject: String
    let created: String
    let createdISO: String
    let lastActivity: String
    let lastActivityISO: String
    let status: String
    let statusClass: String
    /// Agent list only: the stage's label.
    let stage: String
    let priority: String?
}

struct Pagination: Sendable {
    let page: Int
    let pageCount: Int
    let total: Int
    let previousHref: String?
    let nextHref: String?
}

/// The customer's ticket list (`tickets`) and the agent inbox (`agent-tickets`): filters, a table that the
/// stylesheet turns into cards on narrow screens (each cell carries its column's name), and pagination
/// when there is more than one page.
struct TicketListPage: PageView {
    let chrome: PageChrome
    let agent: Bool
    let heading: String
    let action: String
    let rows: [TicketRow]
    let hasRows: Bool
    let emptyText: String
    let statuses: [Choice]
    let sorts: [Choice]
    let search: String
    let pagination: Pagination
    let notice: String?
    var template: String { agent ? "agent-tickets" : "tickets" }
    var mainClass: String { "wide" }

    func main() -> HTML {
        let t = chrome.t
        var html: HTML = "<div class=\"heading-row\">\n<h1>\(heading)</h1>\n"
        if !agent, let newTicket = chrome.newTicketHref {
            html.append("<a class=\"button\" id=\"new-ticket\" href=\"\(newTicket)\">\(t.navNewTicket)</a>\n")
        }
        html.append("</div>\n")
        if let notice { html.append("<p class=\"notice\" role=\"status\">\(notice)</p>\n") }
        html.append(filters(t))
        if hasRows {
            html.append("<table class=\"tickets\">\n<thead><tr><th scope=\"col\">\(t.colID)</th><th scope=\"col\">\(t.colSubject)</th>")
            if agent { html.append("<th scope=\"col\">\(t.colStage)</th><th scope=\"col\">\(t.colPriority)</th>") }
            html.append(
                "<th scope=\"col\" class=\"col-created\">\(t.colCreated)</th><th scope=\"col\">\(t.colLastActivity)</th><th scope=\"col\">\(t.colStatus)</th></tr></thead>\n<tbody>\n"
            )
            for row in rows {
                html.append(
                    "<tr class=\"ticket\" data-id=\"\(row.id)\"><td class=\"col-id\" data-label=\"\(t.colID)\">\(row.id)</td><td class=\"col-subject\"><a href=\"\(row.href)\">\(row.subject)</a></td>"
                )
                if agent {
                    html.append("<td data-label=\"\(t.colStage)\">\(row.stage)</td><td data-label=\"\(t.colPriority)\">\(row.priority ?? "")</td>")
                }
                html.append(
                    "<td class=\"col-created\" data-label=\"\(t.colCreated)\"><time datetime=\"\(row.createdISO)\">\(row.created)</time></td><td data-label=\"\(t.colLastActivity)\"><time datetime=\"\(row.lastActivityISO)\">\(row.lastActivity)</time></td><td class=\"col-status\" data-label=\"\(t.colStatus)\"><span class=\"status \(row.statusClass)\">\(row.status)</span></td></tr>\n"
                )
            }
            html.append("</tbody>\n</table>\n")
        } else {
            html.append("<p class=\"empty\" id=\"empty\">\(emptyText)</p>\n")
        }
        if pagination.pageCount > 1 { html.append(paginationMarkup(t)) }
        return html
    }

    private func filters(_ t: PageTexts) -> HTML {
        var statusOptions = HTML()
        for choice in statuses {
            statusOptions.append("<option value=\"\(choice.value)\"\(if: choice.selected, " selected")>\(choice.label)</option>")
        }
        var sortOptions = HTML()
        for choice in sorts { sortOptions.append("<option value=\"\(choice.value)\"\(if: choice.selected, " selected")>\(choice.label)</option>") }
        return """
            <form method="get" action="\(action)" class="filters" role="search">
            <div class="field"><label for="status">\(t.filterLabel)</label><select name="status" id="status">\(statusOptions)</select></div>
            <div class="field"><label for="sort">\(t.sortLabel)</label><select name="sort" id="sort">\(sortOptions)</select></div>
            <div class="field grow"><label for="search">\(t.searchLabel)</label><input type="search" name="q" id="search" value="\(search)" maxlength="200"></div>
            <button type="submit" id="search-button">\(t.searchButton)</button>
            </form>

            """
    }

    private func paginationMarkup(_ t: PageTexts) -> HTML {
        var html: HTML = "<nav class=\"pagination\" aria-label=\"\(t.pageLabel)\">\n"
        if let previous = pagination.previousHref { html.append("<a rel=\"prev\" id=\"previous-page\" href=\"\(previous)\">\(t.previous)</a>\n") }
        html.append("<span>\(t.pageLabel) \(pagination.page) \(t.of) \(pagination.pageCount)</span>\n")
        if let next = pagination.nextHref { html.append("<a rel=\"next\" id=\"next-page\" href=\"\(next)\">\(t.next)</a>\n") }
        html.append("</nav>\n")
        return html
    }
}
