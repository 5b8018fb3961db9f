import Configuration
import Foundation
import GatehouseCore

/// Every configuration key Gatehouse knows, with its default. Keys under an IdP or JWT app name
/// (`sso.saml.idp.<name>.…`, `sso.jwt.app.<name>.…`) are listed once with `*` for the name.
///
/// The defaults feed a lowest-priority provider, so every value is read with a `required*` reader:
/// a value of the wrong type fails startup instead of silently falling back to the default.
enum ConfigurationSchema {
    /// Key → default. `nil` means required: no default, startup fails when it is absent.
    static let keys: [(key: String, default: ConfigValue?)] = [
        ("server.host", .init(.string("127.0.0.1"), isSecret: false)),
        ("server.port", .init(.int(8080), isSecret: false)),
        ("server.trusted_proxies", .init(.stringArray([]), isSecret: false)),
        ("server.shutdown_timeout", .init(.int(10), isSecret: false)),
        ("server.readiness_timeout_ms", .init(.int(1000), isSecret: false)),
        ("server.instance_id", .init(.string(""), isSecret: false)),
        ("log.format", .init(.string(LogFormat.text.rawValue), isSecret: false)),
        ("portal.enabled", .init(.bool(true), isSecret: false)),
        ("portal.base_url", .init(.string(""), isSecret: false)),
        ("portal.title", .init(.string("Support"), isSecret: false)),
        ("portal.path_prefix", .init(.string("/"), isSecret: false)),
        ("portal.default_language", .init(.string("en"), isSecret: false)),
        ("portal.time_zone", .init(.string("UTC"), isSecret: false)),
        ("portal.knowledge_base.enabled", .init(.bool(false), isSecret: false)),
        ("portal.knowledge_base.url", .init(.string(""), isSecret: false)),
        ("portal.branding.logo_url", .init(.string("/static/logo.svg"), isSecret: false)),
        ("portal.branding.favicon_url", .init(.string("/static/favicon.svg"), isSecret: false)),
        ("portal.branding.primary_color", .init(.string("#1f5fbf"), isSecret: false)),
        ("portal.branding.accent_color", .init(.string("#0b7a55"), isSecret: false)),
        ("portal.templates_directory", .init(.string(""), isSecret: false)),
        ("tickets.pipelines", .init(.stringArray(["support"]), isSecret: false)),
        ("tickets.pipeline.*.stages", .init(.stringArray(["new", "waiting_on_us", "waiting_on_contact", "closed"]), isSecret: false)),
        ("tickets.pipeline.*.closed_stages", .init(.stringArray(["closed"]), isSecret: false)),
        ("tickets.pipeline.*.stage_labels", .init(.stringArray([]), isSecret: false)),
        ("tickets.pipeline.*.stage_labels_fi", .init(.stringArray([]), isSecret: false)),
        ("tickets.pipeline.*.stage_labels_de", .init(.stringArray([]), isSecret: false)),
        ("tickets.portal_pipeline", .init(.string("support"), isSecret: false)),
        ("tickets.portal_filter.pipelines", .init(.stringArray([]), isSecret: false)),
        ("tickets.portal_filter.priorities", .init(.stringArray([]), isSecret: false)),
        ("tickets.portal_filter.created_after", .init(.string(""), isSecret: false)),
        ("tickets.form.categories", .init(.stringArray([]), isSecret: false)),
        ("tickets.form.ask_priority", .init(.bool(false), isSecret: false)),
        ("tickets.reopen_on_customer_reply", .init(.bool(false), isSecret: false)),
        ("database.path", .init(.string("gatehouse.sqlite"), isSecret: false)),
        ("database.url", .init(.string(""), isSecret: false)),
        ("database.password", .init(.string(""), isSecret: true)),
        ("database.pool_size", .init(.int(10), isSecret: false)),
        ("database.statement_timeout_ms", .init(.int(5000), isSecret: false)),
        ("demo.enabled", .init(.bool(false), isSecret: false)),
        ("membership.self_registration", .init(.bool(false), isSecret: false)),
        ("membership.invite_only_lists", .init(.stringArray([]), isSecret: false)),
        ("membership.password_min_length", .init(.int(10), isSecret: false)),
        ("membership.token_lifetime", .init(.int(86_400), isSecret: false)),
        ("membership.consent.enabled", .init(.bool(false), isSecret: false)),
        ("membership.consent.required", .init(.bool(true), isSecret: false)),
        ("membership.consent.notice", .init(.string(""), isSecret: false)),
        ("membership.consent.checkbox", .init(.string(""), isSecret: false)),
        ("membership.consent.link_titles", .init(.stringArray([]), isSecret: false)),
        ("membership.consent.link_urls", .init(.stringArray([]), isSecret: false)),
        ("membership.registration_email.subject", .init(.string(EmailTemplate.registration.subject), isSecret: false)),
        ("membership.registration_email.body", .init(.string(EmailTemplate.registration.body), isSecret: false)),
        ("membership.invitation_email.subject", .init(.string(EmailTemplate.invitation.subject), isSecret: false)),
        ("membership.invitation_email.body", .init(.string(EmailTemplate.invitation.body), isSecret: false)),
        ("sso.saml.enabled_idps", .init(.stringArray([]), isSecret: false)),
        ("sso.saml.sp.entity_id", .init(.string(""), isSecret: false)),
        ("sso.saml.sp.key_file", .init(.string(""), isSecret: false)),
        ("sso.saml.sp.certificate_file", .init(.string(""), isSecret: false)),
        ("sso.saml.idp.*.metadata_file", nil),
        ("sso.saml.idp.*.display_name", .init(.string(""), isSecret: false)),
        ("sso.saml.idp.*.allow_unsolicited", .init(.bool(false), isSecret: false)),
        ("sso.saml.idp.*.allow_sha1", .init(.bool(false), isSecret: false)),
        ("sso.saml.idp.*.clock_skew", .init(.int(90), isSecret: false)),
        ("sso.saml.idp.*.email_attribute", .init(.string(""), isSecret: false)),
        ("sso.saml.idp.*.name_attribute", .init(.string(""), isSecret: false)),
        ("sso.jwt.enabled_apps", .init(.stringArray([]), isSecret: false)),
        ("sso.jwt.app.*.algorithm", nil),
        ("sso.jwt.app.*.secret", .init(.string(""), isSecret: true)),
        ("sso.jwt.app.*.public_key_file", .init(.string(""), isSecret: false)),
        ("sso.jwt.app.*.issuer", nil),
        ("sso.jwt.app.*.audience", .init(.string(""), isSecret: false)),
        ("sso.jwt.app.*.max_age", .init(.int(300), isSecret: false)),
        ("audience.password", .init(.stringArray(["all"]), isSecret: false)),
        ("audience.saml", .init(.stringArray(["all"]), isSecret: false)),
        ("audience.jwt", .init(.stringArray(["all"]), isSecret: false)),
        ("sessions.idle_timeout", .init(.int(1800), isSecret: false)),
        ("sessions.absolute_timeout", .init(.int(43_200), isSecret: false)),
        ("limits.login.free_failures", .init(.int(5), isSecret: false)),
        ("limits.login.failures_per_client", .init(.int(20), isSecret: false)),
        ("limits.login.window", .init(.int(900), isSecret: false)),
        ("limits.login.max_delay", .init(.int(900), isSecret: false)),
        ("limits.account_requests.per_address", .init(.int(5), isSecret: false)),
        ("limits.account_requests.per_client", .init(.int(20), isSecret: false)),
        ("limits.account_emails_per_hour", .init(.int(5), isSecret: false)),
        ("limits.password_forms_per_client", .init(.int(20), isSecret: false)),
        ("email.transport", .init(.string("none"), isSecret: false)),
        ("email.from", .init(.string(""), isSecret: false)),
        ("email.from_name", .init(.string(""), isSecret: false)),
        ("email.reply_to", .init(.string(""), isSecret: false)),
        ("email.smtp.host", .init(.string(""), isSecret: false)),
        ("email.smtp.port", .init(.int(587), isSecret: false)),
        ("email.smtp.security", .init(.string("starttls"), isSecret: false)),
        ("email.smtp.ca_file", .init(.string(""), isSecret: false)),
        ("email.smtp.username", .init(.string(""), isSecret: false)),
        ("email.smtp.password", .init(.string(""), isSecret: true)),
        ("email.smtp.password_file", .init(.string(""), isSecret: false)),
        ("email.smtp.timeout", .init(.int(30), isSecret: false)),
        ("email.sendmail.command", .init(.stringArray(["/usr/sbin/sendmail", "-t", "-i"]), isSecret: false)),
        ("email.retry.first_delay", .init(.int(30), isSecret: false)),
        ("email.retry.max_delay", .init(.int(3_600), isSecret: false)),
        ("email.retry.max_age", .init(.int(172_800), isSecret: false)),
        ("email.notifications.customers", .init(.bool(true), isSecret: false)),
        ("email.notifications.agents.address", .init(.string(""), isSecret: false)),
        ("email.notifications.agents.list", .init(.string(""), isSecret: false)),
    ]

    /// Whether `key` is known, with any IdP or app name in the `*` position.
    static func isKnown(_ key: String) -> Bool {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        return keys.contains { pattern in
            let expected = pattern.key.split(separator: ".", omittingEmptySubsequences: false)
            return expected.count == parts.count && zip(expected, parts).allSatisfy { $0 == "*" || $0 == $1 }
        }
    }

    /// The defaults, with `*` replaced by each configured IdP and app name.
    static func defaults(identityProviders: [String], jwtApps: [String], pipelines: [String] = []) -> [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in keys {
            guard let value else { continue }
            let names: [String]
            if key.hasPrefix("sso.saml.idp.*.") {
                names = identityProviders
            } else if key.hasPrefix("sso.jwt.app.*.") {
                names = jwtApps
            } else if key.hasPrefix("tickets.pipeline.*.") {
                names = pipelines
            } else {
                values[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = value
                continue
            }
            for name in names {
                values[AbsoluteConfigKey(key.replacingOccurrences(of: "*", with: name).split(separator: ".").map(String.init))] = value
            }
        }
        return values
    }
}
