import ArgumentParser
import Foundation
import GatehouseApp
import GatehouseCore
import SAML
import XMLSecurity

struct IdentityProviderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idp",
        abstract: "Manage the SAML identity providers stored in the database (a running server picks changes up).",
        subcommands: [IdentityProviderAddCommand.self, IdentityProviderListCommand.self, IdentityProviderRemoveCommand.self]
    )
}

/// `gatehouse idp add --metadata FILE`: validates the metadata, prints what it found, stores it.
struct IdentityProviderAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add or replace an IdP from its metadata file.")

    @OptionGroup var config: ConfigurationOptions

    @Option(help: "The IdP's metadata (EntityDescriptor, or EntitiesDescriptor with --entity-id).")
    var metadata: String

    @Option(help: "Short name for URLs and the sign-in button (lowercase letters, digits, _); derived from the entityID if omitted.")
    var name: String?

    @Option(name: .customLong("entity-id"), help: "Which IdP to take from an aggregate (EntitiesDescriptor).")
    var entityID: String?

    @Flag(name: .customLong("allow-unsolicited"), help: "Accept IdP-initiated logins from this IdP.")
    var allowUnsolicited = false

    @Flag(name: .customLong("allow-sha1"), help: "Accept SHA-1 signatures and 1024-bit RSA keys (legacy IdPs only).")
    var allowSHA1 = false

    @Option(name: .customLong("clock-skew"), help: "Tolerated clock difference in seconds (0-600).")
    var clockSkew: Double = 90

    @Option(name: .customLong("email-attribute"), help: "The attribute carrying the email (default: common names, then an emailAddress NameID).")
    var emailAttribute: String?

    @Option(name: .customLong("name-attribute"), help: "The attribute carrying the display name.")
    var nameAttribute: String?

    func run() async throws {
        let (configuration, store) = try await config.openStore()
        let bytes = try InputFile.bytes(metadata, what: "IdP metadata")
        let parsed: IdentityProviderMetadata
        let provider: IdentityProvider
        do {
            parsed = try IdentityProviderMetadata.parse(bytes, entityID: entityID)
            provider = try IdentityProvider(
                metadata: parsed, options: .init(allowsSHA1: allowSHA1, allowsUnsolicited: allowUnsolicited, clockSkew: clockSkew))
        } catch {
            throw CommandError("\(metadata): \(error.code.rawValue): \(error.message)")
        }
        let name = try self.name.map { name throws(CommandError) in try Self.validated(name) } ?? Self.derivedName(from: parsed.entityID)
        if let clash = configuration.saml.identityProviders.first(where: { $0.name == name }) {
            throw CommandError("the configuration file already defines an IdP named \(clash.name); choose another --name")
        }
        let registry = store.identityProviders
        if let other = try await registry.all().first(where: { $0.name == name && $0.entityID != parsed.entityID }) {
            throw CommandError("IdP name \(name) is already used by \(other.entityID); choose another --name")
        }
        try await registry.save(
            StoredIdentityProvider(
                entityID: parsed.entityID, name: name, metadataXML: String(decoding: bytes, as: UTF8.self), allowsUnsolicited: allowUnsolicited,
                allowsSHA1: allowSHA1, clockSkew: clockSkew, emailAttribute: emailAttribute, nameAttribute: nameAttribute, addedAt: Date()))
        try await store.audit.record(
            AuditEvent(kind: .admin, detail: "IdP \(name) (\(parsed.entityID)) added from \(metadata)", at: Date()))
        print("Added IdP \(name)")
        IdentityProviderReport.print(parsed, provider: provider, now: Date())
        if parsed.singleSignOnServices[SAMLIdentifier.httpRedirectBinding] == nil, parsed.singleSignOnServices[SAMLIdentifier.httpPostBinding] == nil
        {
            print(
                "warning: no HTTP-Redirect or HTTP-POST SingleSignOnService: only IdP-initiated logins can work\(allowUnsolicited ? "" : ", and --allow-unsolicited is off")"
            )
        }
        print("Sign-in URL: \(configuration.portal.baseURL.url("/saml/login?idp=\(name)"))")
        print("Give the IdP our metadata: \(configuration.portal.baseURL.url("/saml/metadata"))")
    }

    static func validated(_ name: String, option: String = "--name") throws(CommandError) -> String {
        guard (1...40).contains(name.count), name.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }) else {
            throw CommandError("\(option) must be 1 to 40 lowercase letters, digits or _")
        }
        return name
    }

    /// `https://idp.example.com/saml2` → `idp_example_com`.
    static func derivedName(from entityID: String) -> String {
        let source = URLComponents(string: entityID)?.host ?? entityID
        let mapped = source.lowercased().unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_" }
        let name = String(String(mapped).split(separator: "_").joined(separator: "_").prefix(40))
        return name.isEmpty ? "idp" : name
    }
}

struct IdentityProviderListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List configured and stored IdPs.")

    @OptionGroup var config: ConfigurationOptions

    func run() async throws {
        let (configuration, store) = try await config.openStore()
        for entry in configuration.saml.identityProviders {
            print("\(entry.name)\tconfig\t\(entry.metadataFile)\tunsolicited=\(entry.allowsUnsolicited)\tsha1=\(entry.allowsSHA1)")
        }
        for stored in try await store.identityProviders.all() {
            var expiry = ""
            if let parsed = try? IdentityProviderMetadata.parse(Array(stored.metadataXML.utf8)) {
                expiry = parsed.signingCertificates.compactMap(\.notAfter).map { "cert-expires=\(SAMLDateTime.format($0))" }.joined(separator: " ")
            }
            print("\(stored.name)\tdatabase\t\(stored.entityID)\tunsolicited=\(stored.allowsUnsolicited)\tsha1=\(stored.allowsSHA1)\t\(expiry)")
        }
    }
}

struct IdentityProviderRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a stored IdP by name or entityID.")

    @OptionGroup var config: ConfigurationOptions

    @Argument(help: "The IdP's name or entityID.")
    var idp: String

    func run() async throws {
        let (_, store) = try await config.openStore()
        let registry = store.identityProviders
        guard let stored = try await registry.all().first(where: { $0.name == idp || $0.entityID == idp }),
            try await registry.remove(entityID: stored.entityID)
        else {
            throw CommandError("no stored IdP named \(idp) (IdPs from the configuration file are removed there)")
        }
        try await store.audit.record(AuditEvent(kind: .admin, detail: "IdP \(stored.name) (\(stored.entityID)) removed", at: Date()))
        print("Removed IdP \(stored.name) (\(stored.entityID))")
    }
}

/// What an admin checks after importing metadata: entityID, endpoints, certificates and their expiry.
enum IdentityProviderReport {
    static func print(_ metadata: IdentityProviderMetadata, provider: IdentityProvider, now: Date) {
        Swift.print("  entityID: \(metadata.entityID)")
        for (binding, location) in metadata.singleSignOnServices.sorted(by: { $0.key < $1.key }) {
            Swift.print("  SSO \(binding.split(separator: ":").last ?? ""): \(location)")
        }
        Swift.print("  wants signed AuthnRequests: \(metadata.wantsAuthnRequestsSigned ? "yes" : "no")")
        for certificate in metadata.signingCertificates {
            let expiry = certificate.notAfter.map(SAMLDateTime.format) ?? "unknown"
            var warning = ""
            if let notAfter = certificate.notAfter {
                if notAfter < now {
                    warning = "  (EXPIRED: signatures still verify, the key is pinned; ask the IdP about a rollover)"
                } else if notAfter.timeIntervalSince(now) < 30 * 86_400 {
                    warning = "  (expires within 30 days)"
                }
            }
            Swift.print(
                "  signing certificate: \(certificate.subject), \(certificate.publicKey.summary), expires \(expiry), SHA-256 \(certificate.sha256Fingerprint)\(warning)"
            )
        }
        Swift.print(
            "  options: unsolicited=\(provider.options.allowsUnsolicited) sha1=\(provider.options.allowsSHA1) clock-skew=\(Int(provider.options.clockSkew))s"
        )
    }
}
