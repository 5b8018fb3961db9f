import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird
import Mustache

/// The templates, loaded once at startup (a missing template fails startup, not a request), and the
/// page chrome every controller shares.
public struct PageRenderer: Sendable {
    static let requiredTemplates = [
        "header", "footer", "login", "register", "notice", "refusal", "forgot", "reset", "invitation", "tickets", "saml-post",
    ]
    let library: MustacheLibrary
    let portalTitle: String
    let stylesheet: String
    let postScript: String

    public init(portalTitle: String) async throws {
        guard let resources = Self.resourceDirectory else {
            throw ConfigurationError(key: "", "the Templates directory is missing from the GatehouseApp resources")
        }
        let root = resources.appendingPathComponent("Templates").path
        let library = try await MustacheLibrary(directory: root)
        for name in Self.requiredTemplates where library.getTemplate(named: name) == nil {
            throw ConfigurationError(key: "", "template \(name).mustache is missing from \(root)")
        }
        guard let css = try? String(contentsOf: resources.appendingPathComponent("Static/gatehouse.css"), encoding: .utf8) else {
            throw ConfigurationError(key: "", "Resources/Static/gatehouse.css is missing from the GatehouseApp resources")
        }
        self.library = library
        self.portalTitle = portalTitle
        self.stylesheet = css
        guard let script = try? String(contentsOf: resources.appendingPathComponent("Static/saml-post.js"), encoding: .utf8) else {
            throw ConfigurationError(key: "", "Resources/Static/saml-post.js is missing from the GatehouseApp resources")
        }
        self.postScript = script
    }

    /// The copied `Resources` folder: SwiftPM's bundle layout differs between Linux and Darwin.
    static var resourceDirectory: URL? {
        let candidates = [
            Bundle.module.resourceURL?.appendingPathComponent("Resources"), Bundle.module.resourceURL,
            Bundle.module.bundleURL.appendingPathComponent("Resources"),
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("Templates").path) }
    }

    func chrome(_ context: AppRequestContext, title key: String, csrfToken: String? = nil) -> PageChrome {
        let texts = Translations.table(for: context.language)
        return PageChrome(
            lang: context.language.rawValue, portalTitle: portalTitle, pageTitle: texts[key] ?? key,
            signedInAs: context.contact?.email.value, csrfToken: csrfToken, t: texts)
    }

    func page(_ model: Any, template: String, status: HTTPResponse.Status = .ok, cookies: [Cookie] = []) -> HTMLPage {
        // Every template is checked at startup, so rendering cannot miss one.
        HTMLPage(html: library.render(model, withTemplate: template) ?? "", status: status, cookies: cookies)
    }

    /// The refusal page: summary, reason code and request id, never the detail.
    func refusal(_ rejection: Rejection, status: HTTPResponse.Status, context: AppRequestContext, heading key: String? = nil) -> HTMLPage {
        let chrome = chrome(context, title: "error_heading")
        let headingKey: String
        switch rejection.code {
        case _ where key != nil: headingKey = key!
        case Reasons.portalDisabled: headingKey = "unavailable_heading"
        case Reasons.notFound: headingKey = "not_found_heading"
        case _ where rejection.code.component == "access": headingKey = "refused_heading"
        default: headingKey = "error_heading"
        }
        return page(
            RefusalPage(
                chrome: chrome, t: chrome.t, heading: chrome.t[headingKey] ?? headingKey, summary: rejection.summary, code: rejection.code.rawValue,
                requestID: context.id, signInLink: "/login"),
            template: "refusal", status: status)
    }
}

/// An HTML response that no cache keeps (pages carry per-user content and CSRF tokens).
struct HTMLPage: ResponseGenerator {
    let html: String
    var status: HTTPResponse.Status = .ok
    var cookies: [Cookie] = []
    var contentSecurityPolicy: String? = nil

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie.description)) }
        if let contentSecurityPolicy { headers[.contentSecurityPolicy] = contentSecurityPolicy }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
