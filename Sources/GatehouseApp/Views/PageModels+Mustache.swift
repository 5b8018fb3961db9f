import Mustache

// Mustache finds a template's values by name. Without help it reflects on the model with `Mirror`
// for every lookup, which dominated the cost of rendering a page (a ticket list: 25 rows × a dozen
// fields). Every page model answers by name directly; RenderingShortcutTests checks each answer
// against `Mirror`, so a renamed or added property cannot silently render empty.

extension FormError: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "summary": summary
        case "code": code
        default: nil
        }
    }
}

extension IdentityProviderButton: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "displayName": displayName
        case "href": href
        default: nil
        }
    }
}

extension LoginPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "t": t
        case "csrfToken": csrfToken
        case "returnTo": returnTo
        case "email": email
        case "error": error as Any?
        case "notice": notice as Any?
        case "identityProviders": identityProviders
        case "registrationOpen": registrationOpen
        case "hasIdentityProviders": hasIdentityProviders
        default: nil
        }
    }
}

extension ConsentView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "notice": notice
        case "checkbox": checkbox
        case "required": required
        case "links": links
        case "checked": checked
        case "hasLinks": hasLinks
        default: nil
        }
    }
}

extension ConsentView.Link: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "url": url
        default: nil
        }
    }
}

extension RegisterPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "t": t
        case "csrfToken": csrfToken
        case "email": email
        case "name": self.name
        case "passwordRule": passwordRule
        case "consent": consent as Any?
        case "error": error as Any?
        default: nil
        }
    }
}

extension TokenFormPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "t": t
        case "csrfToken": csrfToken
        case "token": token
        case "name": self.name
        case "passwordRule": passwordRule
        case "consent": consent as Any?
        case "error": error as Any?
        case "action": action
        default: nil
        }
    }
}

extension NoticePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "t": t
        case "heading": heading
        case "body": body
        case "link": link as Any?
        case "linkText": linkText as Any?
        default: nil
        }
    }
}

extension RefusalPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "t": t
        case "heading": heading
        case "summary": summary
        case "code": code
        case "requestID": requestID
        case "signInLink": signInLink as Any?
        default: nil
        }
    }
}

extension SAMLPostPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "t": t
        case "action": action
        case "samlRequest": samlRequest
        case "relayState": relayState
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

extension TicketDetailPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "t": t
        case "id": id
        case "subject": subject
        case "status": status
        case "statusClass": statusClass
        case "created": created
        case "createdISO": createdISO
        case "lastActivity": lastActivity
        case "lastActivityISO": lastActivityISO
        case "category": category as Any?
        case "priority": priority as Any?
        case "messages": messages
        case "backHref": backHref
        case "replyAction": replyAction
        case "replyBody": replyBody
        case "replyMaximum": replyMaximum
        case "replyReopens": replyReopens
        case "closedNoReopen": closedNoReopen
        case "error": error as Any?
        case "notice": notice as Any?
        case "stage": stage
        case "contacts": contacts
        case "stages": stages
        case "stageAction": stageAction
        case "noteSelected": noteSelected
        default: nil
        }
    }
}

extension NewTicketPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "t": t
        case "action": action
        case "subject": subject
        case "body": body
        case "subjectMaximum": subjectMaximum
        case "bodyMaximum": bodyMaximum
        case "categories": categories
        case "hasCategories": hasCategories
        case "priorities": priorities
        case "askPriority": askPriority
        case "errors": errors
        case "hasErrors": hasErrors
        default: nil
        }
    }
}

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
        case "accountPasswordHref": accountPasswordHref as Any?
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
