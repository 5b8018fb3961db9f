import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the built-in pages (compiled views, ``PageView``) and, for a page an operator overrides under
/// `portal.templates_directory`, that page's Mustache template from the same model (``MustachePage``);
/// also the static assets and the page chrome every controller shares.
public struct PageRenderer: Sendable {
    /// Every template name an override may replace (and no other, so a typo in a file name fails startup
    /// instead of being ignored). The built-in `.mustache` files are the starting point for overrides and the
    /// partials (`{{> header}}`) they include.
    static let requiredTemplates = [
        "header", "footer", "login", "register", "confirm", "notice", "refusal", "forgot", "reset", "invitation", "account-password", "saml-post",
        "tickets", "ticket",
        "ticket-new", "agent-tickets", "agent-ticket", "ticket-filters", "pagination", "unsubscribe",
    ]
    /// The pages that include a partial: overriding the partial sends them through Mustache too.
    static let partialUsers: [String: [String]] = [
        "header": requiredTemplates.filter { !["header", "footer", "ticket-filters", "pagination"].contains($0) },
        "footer": requiredTemplates.filter { !["header", "footer", "ticket-filters", "pagination"].contains($0) },
        "ticket-filters": ["tickets", "agent-tickets"],
        "pagination": ["tickets", "agent-tickets"],
    ]
    let library: MustacheLibrary
    /// The pages rendered by Mustache (overridden, or including an overridden partial); usually none.
    let overridden: Set<String>
    let portal: GatehouseConfiguration.Portal
    let assets: StaticAssets
    let dates: DateDisplay
    let stageLabels: StageLabels
    /// The language switch's entries, in a fixed order.
    let languages: [Language] = [.en, .fi, .de]

    public init(portal: GatehouseConfiguration.Portal, tickets: TicketSettings = TicketSettings()) async throws {
        guard let resources = Self.resourceDirectory else {
            throw ConfigurationError(key: "", "the Templates directory is missing from the GatehouseApp resources")
        }
        let root = resources.appendingPathComponent("Templates").path
        HTMLEscaping.register()
        var library = try await MustacheLibrary(directory: root)
        var replaced: [String] = []
        if let directory = portal.templatesDirectory {
            replaced = try Self.loadOverrides(from: directory, into: &library)
        }
        for name in Self.requiredTemplates where library.getTemplate(named: name) == nil {
            throw ConfigurationError(key: "", "template \(name).mustache is missing from \(root)")
        }
        self.library = library
        overridden = Set(replaced.flatMap { [$0] + (Self.partialUsers[$0] ?? []) })
        self.portal = portal
        assets = try StaticAssets(directory: resources.appendingPathComponent("Static"), branding: portal.branding)
        dates = DateDisplay(timeZone: portal.timeZone)
        stageLabels = StageLabels(tickets)
    }

    /// Replaces built-in templates with the directory's `NAME.mustache` files.
    /// Returns the names replaced.
    static func loadOverrides(from directory: String, into library: inout MustacheLibrary) throws(ConfigurationError) -> [String] {
        let key = "portal.templates_directory"
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }.sorted()
        } catch {
            throw ConfigurationError(key: key, "cannot read the directory \(directory.debugDescription)")
        }
        var replaced: [String] = []
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
            replaced.append(name)
        }
        return replaced
    }

    /// The copied `Resources` folder: SwiftPM's bundle layout differs between Linux and Darwin.
    static var resourceDirectory: URL? {
        let candidates = [
            Bundle.module.resourceURL?.appendingPathComponent("Resources"), Bundle.module.resourceURL,
            Bundle.module.bundleURL.appendingPathComponent("Resources"),
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("Templates").path) }
    }

    func chrome(_ context: AppRequestContext, title: KeyPath<PageTexts, String>, csrfToken: String? = nil) -> PageChrome {
        let t = Translations.texts(for: context.language)
        let here = ReturnPath(context.path)?.path ?? portal.path("tickets")
        // The page's path without its query, for marking the current navigation entry.
        let path = context.path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? context.path
        let returnTo = here.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let contact = context.contact
        let tickets = portal.path("tickets")
        let newTicket = portal.path("tickets/new")
        let inbox = portal.path("agent/tickets")
        let password = portal.path("account/password")
        var navigation: [PageChrome.NavigationLink] = []
        if contact != nil {
            navigation.append(
                .init(
                    id: "nav-tickets", href: tickets, label: t.navTickets,
                    current: path == tickets || (path.hasPrefix(tickets + "/") && path != newTicket),
                    external: false))
            navigation.append(.init(id: "nav-new-ticket", href: newTicket, label: t.navNewTicket, current: path == newTicket, external: false))
            if let knowledgeBase = portal.knowledgeBaseURL {
                navigation.append(.init(id: "nav-knowledge-base", href: knowledgeBase, label: t.navKnowledgeBase, current: false, external: true))
            }
            if contact?.worksTickets == true {
                navigation.append(
                    .init(
                        id: "nav-agent-inbox", href: inbox, label: t.agentInbox, current: path == inbox || path.hasPrefix(inbox + "/"),
                        external: false))
            }
        }
        return PageChrome(
            language: context.language, lang: context.language.rawValue, portalTitle: portal.title, pageTitle: t[keyPath: title],
            signedInAs: contact?.email.value, signedInName: contact?.name, csrfToken: csrfToken, t: t, logoURL: portal.branding.logoURL,
            faviconURL: portal.branding.faviconURL, stylesheetURL: assets.stylesheetPath, brandStylesheetURL: assets.brandStylesheetPath,
            homeHref: contact != nil ? tickets : "/", navigation: navigation, ticketsHref: contact != nil ? tickets : nil,
            newTicketHref: contact != nil ? newTicket : nil, knowledgeBaseURL: portal.knowledgeBaseURL,
            agentInboxHref: contact?.worksTickets == true ? inbox : nil, accountPasswordHref: contact != nil ? password : nil,
            accountPasswordCurrent: path == password,
            languages: languages.map {
                PageChrome.LanguageLink(
                    code: $0.rawValue, name: $0.nativeName, href: "/language?lang=\($0.rawValue)&return_to=\(returnTo)",
                    current: $0 == context.language)
            })
    }

    /// The page as HTML: its compiled view, or its operator's template when it has one.
    func page(_ view: some PageView, status: HTTPResponse.Status = .ok, cookies: [Cookie] = []) -> HTMLPage {
        let body: ByteBuffer
        if overridden.contains(view.template) {
            // Every template is checked at startup, so rendering cannot miss one.
            body = ByteBuffer(string: library.render(MustachePage(model: view), withTemplate: view.template) ?? "")
        } else {
            body = ByteBuffer(bytes: view.document().bytes)
        }
        return HTMLPage(body: body, status: status, cookies: cookies)
    }

    /// The refusal page: summary (in the page's language), reason code and request id, never the detail.
    func refusal(_ rejection: Rejection, status: HTTPResponse.Status, context: AppRequestContext) -> HTMLPage {
        let chrome = chrome(context, title: \.errorHeading)
        let headingKey: KeyPath<PageTexts, String>
        switch rejection.code {
        case Reasons.portalDisabled: headingKey = \.unavailableHeading
        case Reasons.notFound, Reasons.ticketNotFound: headingKey = \.notFoundHeading
        case _ where rejection.code.component == "access": headingKey = \.refusedHeading
        default: headingKey = \.errorHeading
        }
        return page(
            RefusalPage(
                chrome: chrome, heading: chrome.t[keyPath: headingKey], summary: Translations.summary(of: rejection, in: context.language),
                code: rejection.code.rawValue, requestID: context.id, signInLink: context.contact == nil ? "/login" : nil),
            status: status)
    }

    /// A form error in the page's language.
    func formError(_ rejection: Rejection, _ context: AppRequestContext) -> FormError {
        FormError(summary: Translations.summary(of: rejection, in: context.language), code: rejection.code.rawValue)
    }
}

/// An HTML response that no cache keeps (pages carry per-user content and CSRF tokens).
struct HTMLPage: ResponseGenerator {
    let body: ByteBuffer
    var status: HTTPResponse.Status = .ok
    var cookies: [Cookie] = []
    var contentSecurityPolicy: String? = nil

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie.description)) }
        if let contentSecurityPolicy { headers[.contentSecurityPolicy] = contentSecurityPolicy }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
