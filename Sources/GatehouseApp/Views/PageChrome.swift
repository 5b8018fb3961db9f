/// What every page shows around its content: language and its switch, titles, branding, the texts,
/// the navigation and — for a signed-in session — who is signed in and the sign-out button's CSRF token.
struct PageChrome: Sendable {
    struct LanguageLink: Sendable {
        let code: String
        let name: String
        let href: String
        let current: Bool
    }

    let lang: String
    let portalTitle: String
    let pageTitle: String
    let signedInAs: String?
    let signedInName: String?
    let csrfToken: String?
    let t: [String: String]
    let logoURL: String
    let faviconURL: String
    let stylesheetURL: String
    let brandStylesheetURL: String
    /// Navigation, for signed-in contacts only.
    let ticketsHref: String?
    let newTicketHref: String?
    let knowledgeBaseURL: String?
    /// For agents and admins.
    let agentInboxHref: String?
    /// The signed-in contact's password page.
    let accountPasswordHref: String?
    let languages: [LanguageLink]
}
