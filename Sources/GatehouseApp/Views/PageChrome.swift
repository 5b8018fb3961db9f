/// What every page shows around its content: language and its switch, titles, branding, the texts,
/// the navigation and — for a signed-in session — who is signed in and the sign-out button's CSRF token.
struct PageChrome: Sendable {
    struct LanguageLink: Sendable {
        let code: String
        let name: String
        let href: String
        let current: Bool
    }

    /// A navigation entry; `current` marks the page the visitor is on (`aria-current="page"`).
    struct NavigationLink: Sendable {
        let id: String
        let href: String
        let label: String
        let current: Bool
        /// A link that leaves the portal (the knowledge base).
        let external: Bool
    }

    let language: Language
    /// `lang` of the document (the language's code), for overrides.
    let lang: String
    let portalTitle: String
    let pageTitle: String
    let signedInAs: String?
    let signedInName: String?
    let csrfToken: String?
    let t: PageTexts
    let logoURL: String
    let faviconURL: String
    let stylesheetURL: String
    let brandStylesheetURL: String
    /// Where the brand links: the ticket list once signed in, else the front page.
    let homeHref: String
    /// Navigation, for signed-in contacts only (agents also get the inbox).
    let navigation: [NavigationLink]
    let ticketsHref: String?
    let newTicketHref: String?
    let knowledgeBaseURL: String?
    let agentInboxHref: String?
    /// The signed-in contact's password page.
    let accountPasswordHref: String?
    let accountPasswordCurrent: Bool
    let languages: [LanguageLink]
}
