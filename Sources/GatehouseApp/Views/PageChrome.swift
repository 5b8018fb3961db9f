/// What every page shows around its content: language, titles, the texts, and — for a signed-in
/// session — who is signed in and the sign-out button's CSRF token.
struct PageChrome: Sendable {
    let lang: String
    let portalTitle: String
    let pageTitle: String
    let signedInAs: String?
    let csrfToken: String?
    let t: [String: String]
}
