import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird
import Mustache

/// The templates, loaded once at startup (a missing or broken template fails startup, not a request),
/// the static assets, and the page chrome every controller shares.
public struct PageRenderer: Sendable {
    /// Every template the controllers render; an override directory may replace any of them (and no
    /// other name, so a typo in a file name fails startup instead of being ignored).
    static let requiredTemplates = [
        "header", "footer", "login", "register", "confirm", "notice", "refusal", "forgot", "reset", "invitation", "account-password", "saml-post",
        "tickets", "ticket",
        "ticket-new", "agent-tickets", "agent-ticket", "ticket-filters", "pagination",
    ]
    let library: MustacheLibrary
    let portal: GatehouseConfiguration.Portal
    let assets: StaticAssets
    let dates: DateDisplay
    /// The language switch's entries, in a fixed order.
    let languages: [Language] = [.en, .fi, .de]

    public init(portal: GatehouseConfiguration.Portal) async throws {
        guard let resources = Self.resourceDirectory else {
            throw ConfigurationError(key: "", "the Templates directory is missing from the GatehouseApp resources")
        }
        let root = resources.appendingPathComponent("Templates").path
        HTMLEscaping.register()
        var library = try await MustacheLibrary(directory: root)
        if let directory = portal.templatesDirectory {
            try Self.loadOverrides(from: directory, into: &library)
        }
        for name in Self.requiredTemplates where library.getTemplate(named: name) == nil {
            throw ConfigurationError(key: "", "template \(name).mustache is missing from \(root)")
        }
        self.library = library
        self.portal = portal
        assets = try StaticAssets(directory: resources.appendingPathComponent("Static"), branding: portal.branding)
        dates = DateDisplay(timeZone: portal.timeZone)
    }

    /// Replaces built-in templates with the directory's `NAME.mustache` files.
    static func loadOverrides(from directory: String, into library: inout MustacheLibrary) throws(ConfigurationError) {
        let key = "portal.templates_directory"
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }.sorted()
        } catch {
            throw ConfigurationError(key: key, "cannot read the directory \(directory.debugDescription)")
        }
        for file in names {
            let name = String(file.dropLast(".mustache".count))
            guard requiredTemplates.contains(name) else {
                throw ConfigurationError(
                    key: key, "\(file) replaces no template; the names are \(requiredTemplates.map { $0 + ".mustache" }.joined(separator: ", "))")
            }
            let path = (directory as NSString).appendingPathComponent(file)
            guard let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) else {
                throw ConfigurationError(key: key, "cannot read \(path) as UTF-8 text")
            }
            do {
                // Our escaper for every template (see HTMLEscaping): prepended unless the file chose one.
                let source = text.hasPrefix("{{% CONTENT_TYPE:") ? text : "{{% CONTENT_TYPE: HTML }}\n" + text
                library.register(try MustacheTemplate(string: source), named: name)
            } catch {
                throw ConfigurationError(key: key, "\(path) is not a valid Mustache template: \(error)")
            }
        }
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
        let here = ReturnPath(context.path)?.path ?? portal.path("tickets")
        let returnTo = here.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let signedIn = context.contact != nil
        return PageChrome(
            lang: context.language.rawValue, portalTitle: portal.title, pageTitle: texts[key] ?? key,
            signedInAs: context.contact?.email.value, signedInName: context.contact?.name, csrfToken: csrfToken, t: texts,
            logoURL: portal.branding.logoURL,
            faviconURL: portal.branding.faviconURL, stylesheetURL: assets.stylesheetPath, brandStylesheetURL: assets.brandStylesheetPath,
            ticketsHref: signedIn ? portal.path("tickets") : nil, newTicketHref: signedIn ? portal.path("tickets/new") : nil,
            knowledgeBaseURL: portal.knowledgeBaseURL,
            agentInboxHref: context.contact?.worksTickets == true ? portal.path("agent/tickets") : nil,
            accountPasswordHref: signedIn ? portal.path("account/password") : nil,
            languages: languages.map {
                PageChrome.LanguageLink(
                    code: $0.rawValue, name: $0.nativeName, href: "/language?lang=\($0.rawValue)&return_to=\(returnTo)",
                    current: $0 == context.language)
            })
    }

    func page(_ model: Any, template: String, status: HTTPResponse.Status = .ok, cookies: [Cookie] = []) -> HTMLPage {
        // Every template is checked at startup, so rendering cannot miss one.
        HTMLPage(html: library.render(model, withTemplate: template) ?? "", status: status, cookies: cookies)
    }

    /// The refusal page: summary (in the page's language), reason code and request id, never the detail.
    func refusal(_ rejection: Rejection, status: HTTPResponse.Status, context: AppRequestContext, heading key: String? = nil) -> HTMLPage {
        let chrome = chrome(context, title: "error_heading")
        let headingKey: String
        switch rejection.code {
        case _ where key != nil: headingKey = key!
        case Reasons.portalDisabled: headingKey = "unavailable_heading"
        case Reasons.notFound, Reasons.ticketNotFound: headingKey = "not_found_heading"
        case _ where rejection.code.component == "access": headingKey = "refused_heading"
        default: headingKey = "error_heading"
        }
        return page(
            RefusalPage(
                chrome: chrome, t: chrome.t, heading: chrome.t[headingKey] ?? headingKey,
                summary: Translations.summary(of: rejection, in: context.language), code: rejection.code.rawValue,
                requestID: context.id, signInLink: context.contact == nil ? "/login" : nil),
            template: "refusal", status: status)
    }

    /// A form error in the page's language.
    func formError(_ rejection: Rejection, _ context: AppRequestContext) -> FormError {
        FormError(summary: Translations.summary(of: rejection, in: context.language), code: rejection.code.rawValue)
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
