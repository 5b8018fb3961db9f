/// The HTTP-POST binding's auto-submitting form (SAML bindings 3.5.4): /static/saml-post.js submits it;
/// without script the visitor presses Continue.
struct SAMLPostPage: PageView {
    let chrome: PageChrome
    let action: String
    let samlRequest: String
    let relayState: String
    var template: String { "saml-post" }

    func main() -> HTML {
        let t = chrome.t
        return """
            <h1>\(t.continueHeading)</h1>
            <form method="post" action="\(action)" id="saml-post">
            \(FormMarkup.hidden("SAMLRequest", samlRequest))\(FormMarkup.hidden("RelayState", relayState))<p>\(t.continueBody)</p>
            <button type="submit">\(t.continue)</button>
            </form>
            <script src="/static/saml-post.js"></script>

            """
    }
}
