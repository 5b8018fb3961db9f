import Mustache

// Mustache finds a template's values by name. Without help it reflects on the model with `Mirror`
// for every lookup, which dominated the cost of rendering a ticket list (25 rows × a dozen fields).
// The models of the hot pages answer by name directly; a test checks each answer against `Mirror`,
// so a renamed property cannot silently render empty.

extension PageChrome: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "lang": lang
        case "portalTitle": portalTitle
        case "pageTitle": pageTitle
        case "signedInAs": signedInAs as Any?
        case "signedInName": signedInName as Any?
        case "csrfToken": csrfToken as Any?
        case "t": t
        case "logoURL": logoURL
        case "faviconURL": faviconURL
        case "stylesheetURL": stylesheetURL
        case "brandStylesheetURL": brandStylesheetURL
        case "ticketsHref": ticketsHref as Any?
        case "newTicketHref": newTicketHref as Any?
        case "knowledgeBaseURL": knowledgeBaseURL as Any?
        case "agentInboxHref": agentInboxHref as Any?
        case "languages": languages
        default: nil
        }
    }
}

extension PageChrome.LanguageLink: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "code": code
        case "name": self.name
        case "href": href
        case "current": current
        default: nil
        }
    }
}

extension Choice: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}

extension TicketRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "href": href
        case "subject": subject
        case "created": created
        case "createdISO": createdISO
        case "lastActivity": lastActivity
        case "lastActivityISO": lastActivityISO
        case "status": status
        case "statusClass": statusClass
        case "stage": stage
        case "priority": priority as Any?
        default: nil
        }
    }
}

extension Pagination: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "page": page
        case "pageCount": pageCount
        case "total": total
        case "previousHref": previousHref as Any?
        case "nextHref": nextHref as Any?
        default: nil
        }
    }
}

extension TicketListPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "t": t
        case "heading": heading
        case "action": action
        case "rows": rows
        case "hasRows": hasRows
        case "emptyText": emptyText
        case "statuses": statuses
        case "sorts": sorts
        case "search": search
        case "pagination": pagination
        case "notice": notice as Any?
        default: nil
        }
    }
}

extension MessageView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "author": author
        case "byAgent": byAgent
        case "isNote": isNote
        case "body": body
        case "time": time
        case "timeISO": timeISO
        default: nil
        }
    }
}
