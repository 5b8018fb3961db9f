/// View models: one per template, built by controllers from domain values (never database records).
/// Every value is rendered with `{{…}}`, which HTML-escapes it.

/// A refusal or error shown on a form: the public summary and the stable reason code.
struct FormError: Sendable {
    let summary: String
    let code: String
}

struct IdentityProviderButton: Sendable {
    let name: String
    let displayName: String
    let href: String
}

struct LoginPage: Sendable {
    let chrome: PageChrome
    let t: [String: String]
    let csrfToken: String
    let returnTo: String
    let email: String
    let error: FormError?
    let notice: String?
    let identityProviders: [IdentityProviderButton]
    let registrationOpen: Bool
    let hasIdentityProviders: Bool
}

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
}

struct RegisterPage: Sendable {
    let chrome: PageChrome
    let t: [String: String]
    let csrfToken: String
    let email: String
    let name: String
    let passwordRule: String
    let consent: ConsentView?
    let error: FormError?
}

/// A simple form with one token-bearing action: forgot, reset and invitation pages.
struct TokenFormPage: Sendable {
    let chrome: PageChrome
    let t: [String: String]
    let csrfToken: String
    let token: String
    let name: String
    let passwordRule: String
    let consent: ConsentView?
    let error: FormError?
    /// Where the form posts (pages whose action is not fixed, such as the portal's password page).
    var action: String = ""
}

struct NoticePage: Sendable {
    let chrome: PageChrome
    let t: [String: String]
    let heading: String
    let body: String
    let link: String?
    let linkText: String?
}

struct RefusalPage: Sendable {
    let chrome: PageChrome
    let t: [String: String]
    let heading: String
    let summary: String
    let code: String
    let requestID: String
    /// For visitors who are not signed in.
    let signInLink: String?
}

struct SAMLPostPage: Sendable {
    let chrome: PageChrome
    let t: [String: String]
    let action: String
    let samlRequest: String
    let relayState: String
}
