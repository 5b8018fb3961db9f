import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import GatehouseStorePostgres
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SAML
import XMLSecurity

/// One gateway serving on loopback as `gateway-live` runs it — a fresh store, an IdP that allows
/// unsolicited responses, keep-alive client connections in the same process — on either store, for the
/// `stores` benchmark. A session comes from one real login at start.
struct LiveGateway {
    enum Store {
        /// A new SQLite file in a temporary directory, removed at ``stop()``.
        case sqliteTemporary
        /// The schema ``postgresSchema`` on this server, dropped and migrated at start, dropped at ``stop()``.
        case postgres(PostgresStoreConfiguration)
    }

    static let postgresSchema = "bench_gateway"

    let label: String
    let serviceProvider: ServiceProvider
    let minter: TestResponseMinter
    let clients: [TestClient]
    /// The session cookie of the login made at start.
    private(set) var cookie = ""
    /// The PostgreSQL store, for ``mark(_:)``.
    let postgres: PostgresStore?
    private let server: Task<Void, any Error>
    private let cleanup: @Sendable () async -> Void

    static func start(label: String, store: Store, connections: Int = 4, logger: Logger) async throws -> LiveGateway {
        let certificates = PackagePaths.root.appendingPathComponent("Certificates")
        let minter = try TestResponseMinter(
            key: try PrivateKey(pem: String(contentsOf: certificates.appendingPathComponent("test-idp-rsa.key.pem"), encoding: .utf8)),
            certificate: try X509Certificate(pem: String(contentsOf: certificates.appendingPathComponent("test-idp-rsa.cert.pem"), encoding: .utf8)))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-bench-\(UUID().uuidString)")
        let configuration = GatehouseConfiguration(
            server: .init(host: "127.0.0.1", port: 0), portal: .init(baseURL: try BaseURL("http://127.0.0.1:8080"), title: "Benchmark"),
            databasePath: directory.appendingPathComponent("bench.sqlite").path)
        let repositories: Repositories
        let postgres: PostgresStore?
        let cleanup: @Sendable () async -> Void
        switch store {
        case .sqliteTemporary:
            repositories = .sqlite(try AppDatabase(path: configuration.databasePath))
            postgres = nil
            cleanup = { try? FileManager.default.removeItem(at: directory) }
        case .postgres(var settings):
            settings.schema = postgresSchema
            let opened = PostgresStore(configuration: settings, logger: logger)
            opened.startInBackground()
            try await opened.execute(unsafeSQL: "DROP SCHEMA IF EXISTS \(postgresSchema) CASCADE")
            try await opened.execute(unsafeSQL: "CREATE SCHEMA \(postgresSchema)")
            try await opened.migrate()
            repositories = opened.repositories
            postgres = opened
            cleanup = {
                try? await opened.execute(unsafeSQL: "DROP SCHEMA IF EXISTS \(postgresSchema) CASCADE")
                await opened.stop()
            }
        }
        let provider = try ConfiguredIdentityProvider.parse(
            name: "bench", displayName: "Bench",
            metadata: Array(
                minter.identityProviderMetadata(entityID: GatewayBenchmark.idpEntityID, singleSignOnURL: "https://login.example-idp.com/sso").utf8),
            options: .init(allowsUnsolicited: true), emailAttribute: nil, nameAttribute: nil)
        let dependencies = try await AppDependencies(
            configuration: configuration, repositories: repositories, clock: SystemClock(), hasher: BcryptPasswordHasher(cost: 4), logger: logger,
            configuredIdentityProviders: [provider])
        let port = PortBox()
        let application = try await buildApplication(dependencies) { channel in port.set(channel.localAddress?.port ?? 0) }
        let server = Task { try await application.runService(gracefulShutdownSignals: []) }
        let bound: Int
        do {
            bound = try await port.wait()
        } catch {
            server.cancel()
            _ = await server.result
            await cleanup()
            throw error
        }
        var gateway = LiveGateway(
            label: label, serviceProvider: dependencies.serviceProvider, minter: minter,
            clients: (0..<connections).map { _ in TestClient(host: "127.0.0.1", port: bound) }, postgres: postgres, server: server,
            cleanup: cleanup)
        for client in gateway.clients { client.connect() }
        do {
            let first = try await gateway.clients[0].execute(GatewayBenchmark.acsRequest(try gateway.mint(1)[0]))
            guard first.status == .seeOther, let cookie = GatewayBenchmark.sessionCookie(first.headers) else {
                throw BenchmarkError("\(label): the setup login failed with \(first.status)")
            }
            gateway.cookie = cookie
            return gateway
        } catch {
            await gateway.stop()
            throw error
        }
    }

    /// Form-encoded fresh responses for jane.customer@example.com (signed outside any timed part).
    func mint(_ count: Int) throws -> [String] {
        try (0..<count).map { _ in
            let response = TestResponse(
                issuer: GatewayBenchmark.idpEntityID, audience: serviceProvider.entityID,
                assertionConsumerServiceURL: serviceProvider.assertionConsumerServiceURL, nameID: "jane.customer@example.com",
                attributes: [("displayName", ["Jane Customer"])], issueInstant: Date())
            return GatewayBenchmark.formEncode(Data(try minter.mint(response, signing: .assertion)).base64EncodedString())
        }
    }

    /// Logins per second: every body POSTed to `/saml/acs`, spread over the connections.
    func logins(_ bodies: [String]) async throws -> Double {
        let label = label
        return try await GatewayBenchmark.timed(count: bodies.count) {
            try await GatewayBenchmark.spread(bodies, over: clients) { client, body in
                let response = try await client.execute(GatewayBenchmark.acsRequest(body))
                guard response.status == .seeOther, response.headers[.setCookie] != nil else {
                    throw BenchmarkError("\(label): ACS answered \(response.status): \(String(buffer: response.body ?? ByteBuffer()).prefix(300))")
                }
            }
        }
    }

    /// Signed-in `GET /tickets` pages per second, `count` of them over the connections.
    func pages(_ count: Int) async throws -> Double {
        let (label, cookie, perConnection) = (label, cookie, max(1, count / clients.count))
        return try await GatewayBenchmark.timed(count: perConnection * clients.count) {
            try await GatewayBenchmark.repeatOn(clients, times: perConnection) { client in
                let response = try await client.execute(.init("/tickets", method: .get, headers: [.cookie: cookie]))
                guard response.status == .ok else {
                    throw BenchmarkError("\(label): /tickets answered \(response.status) \(response.headers[.location] ?? "")")
                }
            }
        }
    }

    /// A statement the server logs under `log_statement = all`, to find one request's statements in the log.
    func mark(_ text: String) async throws {
        let literal = text.replacingOccurrences(of: "'", with: "''")
        try await postgres?.execute(unsafeSQL: "SELECT 'gatehouse-bench: \(literal)'")
    }

    func stop() async {
        for client in clients { try? await client.shutdown() }
        server.cancel()
        _ = await server.result
        await cleanup()
    }
}
