/// The document around every built-in page: head, the header (brand, a menu that collapses on narrow
/// screens, Sign out always visible), `<main>` and the footer. Overrides get the same from
/// `header.mustache` and `footer.mustache`.
///
/// The menu is a popover (`popovertarget`): on a phone the Menu button opens and closes it without script
/// (the CSP allows none inline) and a tap outside or Escape closes it; on wide screens the stylesheet shows
/// it in the header's row and hides the button. A browser without popovers shows it, unstyled, in the header.
extension PageChrome {
    func document(_ main: HTML, mainClass: String = "") -> HTML {
        var html: HTML = """
            <!doctype html>
            <html lang="\(lang)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(pageTitle) · \(portalTitle)</title>
            <link rel="icon" href="\(faviconURL)">
            <link rel="stylesheet" href="\(stylesheetURL)">
            <link rel="stylesheet" href="\(brandStylesheetURL)">
            </head>
            <body>
            <a class="skip" href="#content">\(t.skipToContent)</a>
            <header class="top">
            <a class="brand" href="\(homeHref)"><img src="\(logoURL)" alt="" width="32" height="32"><span>\(portalTitle)</span></a>
            <button type="button" class="menu-button secondary" popovertarget="menu">\(t.menu)</button>
            <div class="menu-body" id="menu" popover>

            """
        if !navigation.isEmpty {
            html.append("<nav class=\"main\" aria-label=\"\(t.mainNavigation)\">\n")
            for link in navigation {
                html.append(
                    "<a id=\"\(link.id)\" href=\"\(link.href)\"\(if: link.current, " aria-current=\"page\"")\(if: link.external, " rel=\"noopener\"")>\(link.label)</a>\n"
                )
            }
            html.append("</nav>\n")
        }
        html.append("<nav class=\"languages\" aria-label=\"\(t.language)\">\n")
        for link in languages {
            // The name in the phone's menu, the code in the wide header's row (both read out).
            let label: HTML = "<span class=\"lang-name\">\(link.name)</span> <span class=\"lang-code\">\(link.code)</span>"
            if link.current {
                html.append("<strong lang=\"\(link.code)\" aria-current=\"true\">\(label)</strong>\n")
            } else {
                html.append("<a lang=\"\(link.code)\" hreflang=\"\(link.code)\" id=\"lang-\(link.code)\" href=\"\(link.href)\">\(label)</a>\n")
            }
        }
        html.append("</nav>\n")
        if let signedInAs {
            html.append(
                "<p class=\"who\"><span class=\"visually-hidden\">\(t.signedInAs) </span><span class=\"name\">\(signedInName ?? "")</span> <span class=\"email\">\(signedInAs)</span></p>\n"
            )
            if let accountPasswordHref {
                html.append(
                    "<a id=\"nav-password\" href=\"\(accountPasswordHref)\"\(if: accountPasswordCurrent, " aria-current=\"page\"")>\(t.changePassword)</a>\n"
                )
            }
        }
        html.append("</div>\n")
        if signedInAs != nil {
            html.append(
                """
                <form method="post" action="/logout" class="logout">
                <input type="hidden" name="csrf_token" value="\(csrfToken ?? "")">
                <button type="submit" id="logout">\(t.signOut)</button>
                </form>

                """)
        }
        html.append(
            """
            </header>
            <main id="content"\(if: !mainClass.isEmpty, " class=\"\(mainClass)\"")>

            """)
        html.append(main)
        html.append("</main>\n<footer class=\"bottom\">\n<p><span>\(portalTitle)</span>")
        if let knowledgeBaseURL {
            html.append(" · <a href=\"\(knowledgeBaseURL)\" rel=\"noopener\">\(t.navKnowledgeBase)</a>")
        }
        html.append(" · <span>\(t.poweredBy)</span></p>\n</footer>\n</body>\n</html>\n")
        return html
    }
}
