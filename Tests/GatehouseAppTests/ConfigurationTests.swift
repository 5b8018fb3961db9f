import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import Testing

@Suite struct ConfigurationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func write(_ yaml: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-config-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func problem(_ yaml: String, environment: [String: String] = [:]) async throws -> ConfigurationError? {
        do {
            _ = try await GatehouseConfiguration.load(file: try write(yaml), environment: environment)
            return nil
        } catch let error as ConfigurationError {
            return error
        }
    }

    @Test("The demo configuration and the example with every key load")
    func shippedFiles() async throws {
        let demo = try await GatehouseConfiguration.load(file: Self.root.appendingPathComponent("Config/gatehouse.yaml").path, environment: [:])
        #expect(demo.portal.baseURL.origin == "http://127.0.0.1:8080")
        #expect(demo.serviceProviderEntityID == "http://127.0.0.1:8080/saml/metadata")
        #expect(demo.assertionConsumerServiceURL == "http://127.0.0.1:8080/saml/acs")
        #expect(demo.demo && demo.membership.selfRegistration && demo.membership.consent?.required == true)
        #expect(demo.audienceRule(for: .saml) == .all)
        let example = try await GatehouseConfiguration.load(
            file: Self.root.appendingPathComponent("Config/gatehouse.example.yaml").path, environment: [:])
        #expect(!example.demo && example.databasePath == "gatehouse.sqlite")
        #expect(example.membership.registrationEmail.body.contains("{{link}}"))
    }

    @Test("Environment variables override the file; command-line overrides win over both")
    func overrides() async throws {
        let file = try Self.write("portal:\n  title: From file\nserver:\n  port: 9000\n")
        let configuration = try await GatehouseConfiguration.load(
            file: file,
            environment: [
                "GATEHOUSE_PORTAL_TITLE": "From env", "GATEHOUSE_AUDIENCE_SAML": "Customers, Partners", "GATEHOUSE_SERVER_PORT": "9100",
                "GATEHOUSE_DATABASE_PATH": "/tmp/x.sqlite",
            ],
            overrides: .init(port: 9200))
        #expect(configuration.portal.title == "From env")
        #expect(configuration.audienceRule(for: .saml) == .lists(["Customers", "Partners"]))
        #expect(configuration.server.port == 9200)
        #expect(configuration.portal.baseURL.origin == "http://127.0.0.1:9200")
        #expect(configuration.databasePath == "/tmp/x.sqlite")
    }

    @Test(
        "Bad values fail startup naming the key",
        arguments: [
            ("portal:\n  titel: x\n", "portal.titel"),
            ("server:\n  port: eighty\n", "server.port"),
            ("server:\n  port: 70000\n", "server.port"),
            ("portal:\n  base_url: http://support.example.com\n", "portal.base_url"),
            ("portal:\n  base_url: https://support.example.com/portal\n", "portal.base_url"),
            ("portal:\n  default_language: fr\n", "portal.default_language"),
            ("portal:\n  path_prefix: support/\n", "portal.path_prefix"),
            ("portal:\n  enabled: maybe\n", "portal.enabled"),
            ("server:\n  trusted_proxies: [10.0.0.0/8]\n", "server.trusted_proxies"),
            ("sessions:\n  idle_timeout: 7200\n  absolute_timeout: 3600\n", "sessions.idle_timeout"),
            ("audience:\n  saml: [all, Customers]\n", "audience.saml"),
            ("membership:\n  consent:\n    enabled: true\n", "membership.consent.notice"),
            ("membership:\n  registration_email:\n    body: no link here\n", "membership.registration_email.body"),
            ("sso:\n  saml:\n    enabled_idps: [okta]\n", "sso.saml.idp.okta.metadata_file"),
            ("sso:\n  saml:\n    enabled_idps: [Okta-Prod]\n", "sso.saml.enabled_idps"),
            (
                "sso:\n  jwt:\n    enabled_apps: [crm]\n    app:\n      crm:\n        algorithm: HS256\n        secret: short\n        issuer: x\n",
                "sso.jwt.app.crm.secret"
            ),
            (
                "sso:\n  jwt:\n    enabled_apps: [crm]\n    app:\n      crm:\n        algorithm: none\n        issuer: x\n",
                "sso.jwt.app.crm.algorithm"
            ),
            (
                "sso:\n  jwt:\n    enabled_apps: [crm]\n    app:\n      crm:\n        algorithm: RS256\n        public_key_file: /nonexistent.pem\n        issuer: x\n",
                "sso.jwt.app.crm.public_key_file"
            ),
        ])
    func badValues(yaml: String, key: String) async throws {
        let problem = try await Self.problem(yaml)
        #expect(problem?.key == key, "\(String(describing: problem))")
    }

    @Test("A malformed environment value fails instead of falling back to the default")
    func malformedEnvironment() async throws {
        let problem = try await Self.problem("", environment: ["GATEHOUSE_SESSIONS_IDLE_TIMEOUT": "30m"])
        #expect(problem?.key == "sessions.idle_timeout", "\(String(describing: problem))")
        #expect(try await Self.problem("", environment: ["GATEHOUSE_PORTAL_ENABLED": "yes please"])?.key == "portal.enabled")
    }

    @Test("IdP metadata files are parsed at startup; problems name the IdP's key")
    func identityProviderFiles() async throws {
        let broken = try Self.write("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\"/>")
        let configuration = try await GatehouseConfiguration.load(
            file: try Self.write("sso:\n  saml:\n    enabled_idps: [okta]\n    idp:\n      okta:\n        metadata_file: \(broken)\n"),
            environment: [:])
        #expect(throws: ConfigurationError.self) { try configuration.saml.loadIdentityProviders() }
        do {
            _ = try configuration.saml.loadIdentityProviders()
        } catch {
            #expect(error.key == "sso.saml.idp.okta.metadata_file")
            #expect(error.problem.contains("saml.metadata_entity_not_found"))
        }
    }
}
