import Configuration
import Foundation
import GatehouseCore

extension GatehouseConfiguration {
    /// Values given on the command line (`gatehouse serve --host --port --base-url`); they win over
    /// the environment and the file.
    public struct Overrides: Sendable {
        public var host: String?
        public var port: Int?
        public var baseURL: String?
        public var databasePath: String?

        public init(host: String? = nil, port: Int? = nil, baseURL: String? = nil, databasePath: String? = nil) {
            self.host = host
            self.port = port
            self.baseURL = baseURL
            self.databasePath = databasePath
        }
    }

    /// Reads `file` (YAML), overridden by `GATEHOUSE_*` environment variables and then by `overrides`.
    /// Every problem names its key; unknown keys in the file are errors.
    public static func load(
        file: String, environment: [String: String] = ProcessInfo.processInfo.environment, overrides: Overrides = Overrides()
    ) async throws(ConfigurationError) -> GatehouseConfiguration {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(key: "", "cannot read the configuration file \(file)")
        }
        let fileKeys = try ConfigurationFileKeys.keys(inYAML: text)
        for key in fileKeys where !ConfigurationSchema.isKnown(key) {
            throw ConfigurationError(key: key, "unknown key in \(file) (see Config/gatehouse.example.yaml for every key)")
        }
        // An empty file (or only comments) means every default; YAMLSnapshot wants a mapping.
        let fileProvider: any ConfigProvider
        if fileKeys.isEmpty {
            fileProvider = InMemoryProvider(name: file, values: [:])
        } else {
            do {
                fileProvider = try await FileProvider<YAMLSnapshot>(
                    config: ConfigReader(provider: InMemoryProvider(values: ["filePath": .init(.string(file), isSecret: false)])))
            } catch {
                throw ConfigurationError(key: "", "\(file) is not a valid configuration file: \(error)")
            }
        }
        let environmentProvider = EnvironmentVariablesProvider(
            environmentVariables: environment.filter { $0.key.hasPrefix("GATEHOUSE_") },
            secretsSpecifier: .dynamic { key, _ in key.contains("SECRET") }
        ).prefixKeys(with: "gatehouse")
        var overridden: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host = overrides.host { overridden["server.host"] = .init(.string(host), isSecret: false) }
        if let port = overrides.port { overridden["server.port"] = .init(.int(port), isSecret: false) }
        if let baseURL = overrides.baseURL { overridden["portal.base_url"] = .init(.string(baseURL), isSecret: false) }
        if let path = overrides.databasePath { overridden["database.path"] = .init(.string(path), isSecret: false) }
        let given: [any ConfigProvider] = [InMemoryProvider(name: "command line", values: overridden), environmentProvider, fileProvider]

        // The IdP and app names decide which per-name defaults exist, so they are read first.
        let names = ConfigurationFields(
            ConfigReader(
                providers: given + [InMemoryProvider(name: "defaults", values: ConfigurationSchema.defaults(identityProviders: [], jwtApps: []))]))
        let identityProviders = try names.names("sso.saml.enabled_idps")
        let jwtApps = try names.names("sso.jwt.enabled_apps")
        let pipelines = try names.names("tickets.pipelines")
        let reader = ConfigReader(
            providers: given + [
                InMemoryProvider(
                    name: "defaults",
                    values: ConfigurationSchema.defaults(identityProviders: identityProviders, jwtApps: jwtApps, pipelines: pipelines))
            ])
        return try GatehouseConfiguration(
            fields: ConfigurationFields(reader), identityProviders: identityProviders, jwtApps: jwtApps, pipelines: pipelines, source: file)
    }

    init(fields: ConfigurationFields, identityProviders: [String], jwtApps: [String], pipelines: [String], source: String) throws(ConfigurationError)
    {
        let host = try fields.string("server.host")
        let port = try fields.int("server.port", in: 0...65_535)
        let baseURLText = try fields.string("portal.base_url")
        let baseURL: BaseURL
        if baseURLText.isEmpty {
            let derived = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
            do {
                baseURL = try BaseURL(derived)
            } catch {
                throw ConfigurationError(
                    key: "portal.base_url", "is empty, which means \(derived), but plain http is only allowed on loopback; set the public https URL")
            }
        } else {
            baseURL = try BaseURL(baseURLText)
        }
        let prefix = try fields.string("portal.path_prefix")
        guard prefix == "/" || (prefix.hasPrefix("/") && !prefix.hasSuffix("/") && prefix.split(separator: "/").allSatisfy(Self.isSlug)) else {
            throw ConfigurationError(key: "portal.path_prefix", "must be / or a path like /support (letters, digits, - and _ only)")
        }
        let languageText = try fields.string("portal.default_language")
        guard let language = Language(rawValue: languageText) else {
            throw ConfigurationError(
                key: "portal.default_language",
                "\(languageText.debugDescription) is not one of \(Language.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let title = try fields.string("portal.title")
        guard !title.isEmpty, title.count <= 100 else { throw ConfigurationError(key: "portal.title", "must have 1 to 100 characters") }
        let zoneName = try fields.string("portal.time_zone")
        guard let timeZone = TimeZone(identifier: zoneName) else {
            throw ConfigurationError(key: "portal.time_zone", "\(zoneName.debugDescription) is not a time zone name like Europe/Helsinki or UTC")
        }
        var knowledgeBase: String?
        if try fields.bool("portal.knowledge_base.enabled") {
            let url = try fields.string("portal.knowledge_base.url")
            guard Self.isWebURL(url) else {
                throw ConfigurationError(key: "portal.knowledge_base.url", "must be an http(s) URL while portal.knowledge_base.enabled is true")
            }
            knowledgeBase = url
        }
        let branding = Branding(
            logoURL: try fields.imageURL("portal.branding.logo_url"), faviconURL: try fields.imageURL("portal.branding.favicon_url"),
            primaryColor: try fields.color("portal.branding.primary_color"), accentColor: try fields.color("portal.branding.accent_color"))
        let templates = try fields.string("portal.templates_directory")
        if !templates.isEmpty {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: templates, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ConfigurationError(key: "portal.templates_directory", "\(templates.debugDescription) is not a directory")
            }
        }
        let portal = Portal(
            enabled: try fields.bool("portal.enabled"), baseURL: baseURL, title: title, pathPrefix: prefix, defaultLanguage: language,
            timeZone: timeZone, knowledgeBaseURL: knowledgeBase, branding: branding, templatesDirectory: templates.isEmpty ? nil : templates)
        let databasePath = try fields.string("database.path")
        guard !databasePath.isEmpty else { throw ConfigurationError(key: "database.path", "must name the SQLite file") }
        let databaseURL = try fields.string("database.url")
        let databasePassword = try fields.string("database.password", isSecret: true)
        let postgres =
            databaseURL.isEmpty
            ? nil
            : PostgreSQL(
                url: databaseURL, password: databasePassword.isEmpty ? nil : databasePassword,
                poolSize: try fields.int("database.pool_size", in: 1...500),
                statementTimeout: .milliseconds(try fields.int("database.statement_timeout_ms", in: 100...600_000)))

        let sessions = SessionPolicy(
            idleTimeout: TimeInterval(try fields.int("sessions.idle_timeout", in: 60...86_400)),
            absoluteTimeout: TimeInterval(try fields.int("sessions.absolute_timeout", in: 300...2_592_000)))
        guard sessions.idleTimeout <= sessions.absoluteTimeout else {
            throw ConfigurationError(key: "sessions.idle_timeout", "must not exceed sessions.absolute_timeout")
        }

        var audience: [AuthenticationMethod: AudienceRule] = [:]
        for method in AuthenticationMethod.allCases {
            audience[method] = try fields.audienceRule("audience.\(method.rawValue)")
        }

        let trustedProxies = try fields.stringArray("server.trusted_proxies")
        for proxy in trustedProxies where !Self.isIPAddress(proxy) {
            throw ConfigurationError(key: "server.trusted_proxies", "\(proxy.debugDescription) is not an IP address (ranges are not supported)")
        }
        var instanceID = try fields.string("server.instance_id")
        if instanceID.isEmpty {
            instanceID = InstanceID.generated()
        } else if !InstanceID.isValid(instanceID) {
            throw ConfigurationError(
                key: "server.instance_id", "\(instanceID.debugDescription) must have 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'")
        }
        let logFormatText = try fields.string("log.format")
        guard let logFormat = LogFormat(rawValue: logFormatText) else {
            throw ConfigurationError(
                key: "log.format", "\(logFormatText.debugDescription) is not one of \(LogFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.init(
            server: Server(
                host: host, port: port, trustedProxies: trustedProxies,
                shutdownTimeout: .seconds(try fields.int("server.shutdown_timeout", in: 1...600)),
                readinessTimeout: .milliseconds(try fields.int("server.readiness_timeout_ms", in: 50...60_000)), instanceID: instanceID),
            portal: portal, databasePath: databasePath,
            membership: try Membership(fields: fields, portalName: title),
            saml: try SAML(fields: fields, names: identityProviders),
            jwtApps: try jwtApps.map { name throws(ConfigurationError) in try JWTApp(fields: fields, id: name, defaultAudience: baseURL.origin) },
            audience: audience, sessions: sessions, limits: try AccountLimits(fields: fields),
            tickets: try TicketSettings(fields: fields, pipelines: pipelines),
            demo: try fields.bool("demo.enabled"),
            source: source, postgres: postgres, logFormat: logFormat, email: try Email(fields: fields, portalTitle: title, baseURL: baseURL))
    }

    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    static func isWebURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), components.host?.isEmpty == false else {
            return false
        }
        return scheme == "https" || scheme == "http"
    }

    static func isSlug(_ part: Substring) -> Bool {
        !part.isEmpty && part.utf8.allSatisfy { $0.isASCIILetterOrDigit || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }
}

extension GatehouseConfiguration.Membership {
    init(fields: ConfigurationFields, portalName: String) throws(ConfigurationError) {
        var consent: ConsentNotice?
        if try fields.bool("membership.consent.enabled") {
            let notice = try fields.string("membership.consent.notice")
            let checkbox = try fields.string("membership.consent.checkbox")
            guard !notice.isEmpty else { throw ConfigurationError(key: "membership.consent.notice", "is empty while consent is enabled") }
            guard !checkbox.isEmpty else { throw ConfigurationError(key: "membership.consent.checkbox", "is empty while consent is enabled") }
            let titles = try fields.stringArray("membership.consent.link_titles")
            let urls = try fields.stringArray("membership.consent.link_urls")
            guard titles.count == urls.count else {
                throw ConfigurationError(key: "membership.consent.link_urls", "has \(urls.count) entries but link_titles has \(titles.count)")
            }
            guard titles.count <= 5 else { throw ConfigurationError(key: "membership.consent.link_titles", "at most 5 links") }
            // The consent version is a digest of these texts joined by U+001F; control characters in them
            // could make two different notices share a version (and have no place in a form anyway).
            for (key, texts) in [("notice", [notice]), ("checkbox", [checkbox]), ("link_titles", titles), ("link_urls", urls)] {
                for text in texts where text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
                    throw ConfigurationError(key: "membership.consent.\(key)", "contains a control character")
                }
            }
            for url in urls {
                guard let parsed = URLComponents(string: url), parsed.scheme == "https" || parsed.scheme == "http", parsed.host != nil else {
                    throw ConfigurationError(key: "membership.consent.link_urls", "\(url.debugDescription) is not an http(s) URL")
                }
            }
            consent = ConsentNotice(
                required: try fields.bool("membership.consent.required"), notice: notice, checkbox: checkbox,
                links: zip(titles, urls).map { ConsentNotice.Link(title: $0, url: $1) })
        }
        func template(_ key: String, link: String) throws(ConfigurationError) -> EmailTemplate {
            let subject = try fields.string("membership.\(key).subject")
            let body = try fields.string("membership.\(key).body")
            guard !subject.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ConfigurationError(key: "membership.\(key).subject", "is empty")
            }
            guard body.contains("{{link}}") else { throw ConfigurationError(key: "membership.\(key).body", "must contain {{link}}, \(link)") }
            return EmailTemplate(subject: subject, body: body)
        }
        self.init(
            selfRegistration: try fields.bool("membership.self_registration"),
            inviteOnlyLists: try fields.stringArray("membership.invite_only_lists"),
            passwordPolicy: PasswordPolicy(minimumLength: try fields.int("membership.password_min_length", in: 8...64)),
            tokenLifetime: TimeInterval(try fields.int("membership.token_lifetime", in: 600...1_209_600)),
            consent: consent, registrationEmail: try template("registration_email", link: "the verification link"),
            invitationEmail: try template("invitation_email", link: "the invitation link"))
    }
}

extension AccountLimits {
    init(fields: ConfigurationFields) throws(ConfigurationError) {
        let login = LoginThrottlePolicy(
            freeFailures: try fields.int("limits.login.free_failures", in: 1...100),
            failuresPerClient: try fields.int("limits.login.failures_per_client", in: 1...10_000),
            window: TimeInterval(try fields.int("limits.login.window", in: 60...86_400)),
            maxDelay: TimeInterval(try fields.int("limits.login.max_delay", in: 1...86_400)))
        self.init(
            requestsPerAddress: try fields.int("limits.account_requests.per_address", in: 1...1000),
            requestsPerClient: try fields.int("limits.account_requests.per_client", in: 1...100_000),
            emailsPerAddress: try fields.int("limits.account_emails_per_hour", in: 1...1000),
            passwordFormsPerClient: try fields.int("limits.password_forms_per_client", in: 1...100_000), login: login)
    }
}

extension GatehouseConfiguration.SAML {
    init(fields: ConfigurationFields, names: [String]) throws(ConfigurationError) {
        var providers: [GatehouseConfiguration.IdentityProviderEntry] = []
        for name in names {
            let key = "sso.saml.idp.\(name)"
            let file = try fields.string("\(key).metadata_file")
            guard !file.isEmpty else { throw ConfigurationError(key: "\(key).metadata_file", "is empty") }
            let displayName = try fields.string("\(key).display_name")
            let email = try fields.string("\(key).email_attribute")
            let nameAttribute = try fields.string("\(key).name_attribute")
            providers.append(
                .init(
                    name: name, displayName: displayName.isEmpty ? name : displayName, metadataFile: file,
                    allowsUnsolicited: try fields.bool("\(key).allow_unsolicited"), allowsSHA1: try fields.bool("\(key).allow_sha1"),
                    clockSkew: TimeInterval(try fields.int("\(key).clock_skew", in: 0...600)),
                    emailAttribute: email.isEmpty ? nil : email, nameAttribute: nameAttribute.isEmpty ? nil : nameAttribute))
        }
        let entityID = try fields.string("sso.saml.sp.entity_id")
        let keyFile = try fields.string("sso.saml.sp.key_file")
        let certificateFile = try fields.string("sso.saml.sp.certificate_file")
        guard keyFile.isEmpty == certificateFile.isEmpty else {
            throw ConfigurationError(
                key: keyFile.isEmpty ? "sso.saml.sp.key_file" : "sso.saml.sp.certificate_file", "set both key_file and certificate_file, or neither")
        }
        self.init(
            entityID: entityID.isEmpty ? nil : entityID, keyFile: keyFile.isEmpty ? nil : keyFile,
            certificateFile: certificateFile.isEmpty ? nil : certificateFile, identityProviders: providers)
    }
}

extension JWTApp {
    init(fields: ConfigurationFields, id: String, defaultAudience: String) throws(ConfigurationError) {
        let key = "sso.jwt.app.\(id)"
        let algorithmText = try fields.string("\(key).algorithm")
        guard let algorithm = Algorithm(rawValue: algorithmText) else {
            throw ConfigurationError(
                key: "\(key).algorithm",
                "\(algorithmText.debugDescription) is not one of \(Algorithm.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let secret = try fields.string("\(key).secret", isSecret: true)
        let publicKeyFile = try fields.string("\(key).public_key_file")
        let keyMaterial: String
        switch algorithm {
        case .hs256:
            guard publicKeyFile.isEmpty else { throw ConfigurationError(key: "\(key).public_key_file", "HS256 uses secret, not a public key") }
            // RFC 7518 §3.2: the HMAC key must be at least as long as the hash output.
            guard secret.utf8.count >= 32 else { throw ConfigurationError(key: "\(key).secret", "HS256 needs a secret of at least 32 bytes") }
            keyMaterial = secret
        case .rs256, .es256:
            guard secret.isEmpty else { throw ConfigurationError(key: "\(key).secret", "\(algorithm.rawValue) uses public_key_file, not a secret") }
            guard let data = FileManager.default.contents(atPath: publicKeyFile), let pem = String(data: data, encoding: .utf8) else {
                throw ConfigurationError(key: "\(key).public_key_file", "cannot read \(publicKeyFile.debugDescription)")
            }
            keyMaterial = pem
        }
        let issuer = try fields.string("\(key).issuer")
        guard !issuer.isEmpty else { throw ConfigurationError(key: "\(key).issuer", "is empty") }
        let audience = try fields.string("\(key).audience")
        self.init(
            id: id, algorithm: algorithm, key: keyMaterial, issuer: issuer, audience: audience.isEmpty ? defaultAudience : audience,
            maxAge: TimeInterval(try fields.int("\(key).max_age", in: 10...86_400)), addedAt: Date(timeIntervalSince1970: 0))
    }
}

extension UInt8 {
    fileprivate var isASCIILetterOrDigit: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}

extension TicketSettings {
    /// A pipeline's stage labels: none, or one per stage in the stages' order, each 1 to 60 characters of text.
    static func stageLabels(_ fields: ConfigurationFields, key: String, count: Int) throws(ConfigurationError) -> [String] {
        let labels = try fields.stringArray(key)
        guard !labels.isEmpty else { return [] }
        guard labels.count == count else {
            throw ConfigurationError(key: key, "has \(labels.count) labels for \(count) stages: give one per stage, in the order of stages, or none")
        }
        for label in labels {
            let trimmed = label.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, label.count <= 60, !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw ConfigurationError(key: key, "\(label.debugDescription) is not a label: 1 to 60 characters, no control characters")
            }
        }
        return labels
    }

    init(fields: ConfigurationFields, pipelines names: [String]) throws(ConfigurationError) {
        guard !names.isEmpty else { throw ConfigurationError(key: "tickets.pipelines", "name at least one pipeline") }
        var pipelines: [TicketPipeline] = []
        for name in names {
            let key = "tickets.pipeline.\(name)"
            let stages = try fields.names("\(key).stages")
            let closed = Set(try fields.names("\(key).closed_stages"))
            guard !stages.isEmpty else { throw ConfigurationError(key: "\(key).stages", "name at least one stage") }
            guard closed.isSubset(of: stages) else {
                throw ConfigurationError(key: "\(key).closed_stages", "names stages not in \(key).stages: \(closed.subtracting(stages).sorted())")
            }
            guard stages.contains(where: { !closed.contains($0) }) else {
                throw ConfigurationError(key: "\(key).stages", "needs at least one open stage (tickets start in the first)")
            }
            guard !closed.contains(stages[0]) else {
                throw ConfigurationError(key: "\(key).stages", "the first stage, where tickets start, must be open")
            }
            let labels = try Self.stageLabels(fields, key: "\(key).stage_labels", count: stages.count)
            var translated: [String: [String]] = [:]
            for language in ["fi", "de"] {
                translated[language] = try Self.stageLabels(fields, key: "\(key).stage_labels_\(language)", count: stages.count)
            }
            pipelines.append(
                TicketPipeline(
                    name: name,
                    stages: stages.enumerated().map { index, stage in
                        .init(
                            name: stage, status: closed.contains(stage) ? .closed : .open, label: labels.isEmpty ? nil : labels[index],
                            translatedLabels: translated.compactMapValues { $0.isEmpty ? nil : $0[index] })
                    }))
        }
        let portalPipeline = try fields.string("tickets.portal_pipeline")
        guard names.contains(portalPipeline) else {
            throw ConfigurationError(key: "tickets.portal_pipeline", "\(portalPipeline.debugDescription) is not in tickets.pipelines")
        }
        let filterPipelines = try fields.stringArray("tickets.portal_filter.pipelines")
        for name in filterPipelines where !names.contains(name) {
            throw ConfigurationError(key: "tickets.portal_filter.pipelines", "\(name.debugDescription) is not in tickets.pipelines")
        }
        var priorities = Set<TicketPriority>()
        for name in try fields.stringArray("tickets.portal_filter.priorities") {
            guard let priority = TicketPriority(rawValue: name) else {
                throw ConfigurationError(key: "tickets.portal_filter.priorities", "\(name.debugDescription) is not low, medium, high or urgent")
            }
            priorities.insert(priority)
        }
        let createdAfterText = try fields.string("tickets.portal_filter.created_after")
        var createdAfter: Date?
        if !createdAfterText.isEmpty {
            guard let date = try? Date(createdAfterText, strategy: .iso8601) ?? nil else {
                throw ConfigurationError(
                    key: "tickets.portal_filter.created_after",
                    "\(createdAfterText.debugDescription) is not an ISO 8601 time like 2024-01-01T00:00:00Z")
            }
            createdAfter = date
        }
        let categories = try fields.stringArray("tickets.form.categories")
        guard categories.count <= 50, categories.allSatisfy({ $0.count <= 80 }), Set(categories).count == categories.count else {
            throw ConfigurationError(key: "tickets.form.categories", "at most 50 distinct categories of up to 80 characters")
        }
        self.init(
            pipelines: pipelines, portalPipeline: portalPipeline,
            portalFilter: PortalTicketFilter(pipelines: Set(filterPipelines), priorities: priorities, createdAfter: createdAfter),
            categories: categories, askPriority: try fields.bool("tickets.form.ask_priority"),
            reopenOnCustomerReply: try fields.bool("tickets.reopen_on_customer_reply"))
    }
}
