import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SAML
import Synchronization
import XMLSecurity

/// `gateway-live`: the running server over loopback HTTP/1.1 keep-alive connections — full SAML ACS
/// logins (POST of a freshly minted response → session cookie), authenticated `/tickets` requests
/// through the session middleware, and a plain Hummingbird hello route as the baseline — with the
/// in-process `saml verify` figure of the same run.
struct GatewayBenchmark {
    var rounds = 7
    var connections = 4
    var loginsPerRound = 200
    var requestsPerRound = 4000

    init(arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--rounds": rounds = Int(iterator.next() ?? "") ?? rounds
            case "--connections": connections = Int(iterator.next() ?? "") ?? connections
            case "--logins": loginsPerRound = Int(iterator.next() ?? "") ?? loginsPerRound
            case "--requests": requestsPerRound = Int(iterator.next() ?? "") ?? requestsPerRound
            default: throw BenchmarkError("unknown option \(argument)")
            }
        }
    }

    static let idpEntityID = "https://login.example-idp.com/saml2/idp/metadata.php"

    func run() async throws {
        let certificates = PackagePaths.root.appendingPathComponent("Certificates")
        let minter = try TestResponseMinter(
            key: try PrivateKey(pem: String(contentsOf: certificates.appendingPathComponent("test-idp-rsa.key.pem"), encoding: .utf8)),
            certificate: try X509Certificate(pem: String(contentsOf: certificates.appendingPathComponent("test-idp-rsa.cert.pem"), encoding: .utf8)))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = GatehouseConfiguration(
            server: .init(host: "127.0.0.1", port: 0), portal: .init(baseURL: try BaseURL("http://127.0.0.1:8080"), title: "Benchmark"),
            databasePath: directory.appendingPathComponent("bench.sqlite").path)
        var logger = Logger(label: "benchmark")
        logger.logLevel = .critical
        let provider = try ConfiguredIdentityProvider.parse(
            name: "bench", displayName: "Bench",
            metadata: Array(minter.identityProviderMetadata(entityID: Self.idpEntityID, singleSignOnURL: "https://login.example-idp.com/sso").utf8),
            options: .init(allowsUnsolicited: true), emailAttribute: nil, nameAttribute: nil)
        let dependencies = try await AppDependencies(
            configuration: configuration, repositories: .sqlite(try AppDatabase(path: configuration.databasePath)), clock: SystemClock(),
            hasher: BcryptPasswordHasher(cost: 4), logger: logger, configuredIdentityProviders: [provider])

        let gatewayPort = PortBox()
        let gateway = try await buildApplication(dependencies) { channel in gatewayPort.set(channel.localAddress?.port ?? 0) }
        let helloPort = PortBox()
        let helloRouter = Router()
        helloRouter.get("/hello") { _, _ in "Hello" }
        let hello = Application(
            router: helloRouter, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in helloPort.set(channel.localAddress?.port ?? 0) }, logger: logger)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await gateway.runService(gracefulShutdownSignals: []) }
            group.addTask { try await hello.runService(gracefulShutdownSignals: []) }
            let ports = try await (gatewayPort.wait(), helloPort.wait())
            try await measure(gatewayPort: ports.0, helloPort: ports.1, minter: minter, dependencies: dependencies)
            group.cancelAll()
        }
    }

    private func measure(gatewayPort: Int, helloPort: Int, minter: TestResponseMinter, dependencies: AppDependencies) async throws {
        let sp = dependencies.serviceProvider
        func mint(_ count: Int) throws -> [String] {
            try (0..<count).map { _ in
                let response = TestResponse(
                    issuer: Self.idpEntityID, audience: sp.entityID, assertionConsumerServiceURL: sp.assertionConsumerServiceURL,
                    nameID: "jane.customer@example.com", attributes: [("displayName", ["Jane Customer"])], issueInstant: Date())
                return Self.formEncode(Data(try minter.mint(response, signing: .assertion)).base64EncodedString())
            }
        }

        // A session for the authenticated requests, from one real login.
        let setup = TestClient(host: "127.0.0.1", port: gatewayPort)
        setup.connect()
        let first = try await setup.execute(Self.acsRequest(try mint(1)[0]))
        guard first.status == .seeOther, let cookie = Self.sessionCookie(first.headers) else {
            throw BenchmarkError("the setup login failed with \(first.status)")
        }
        try await setup.shutdown()

        // The in-process verification figure of this run, on the same kind of response.
        let verifyResponse = TestResponse(
            issuer: Self.idpEntityID, audience: sp.entityID, assertionConsumerServiceURL: sp.assertionConsumerServiceURL,
            nameID: "jane.customer@example.com", attributes: [("displayName", ["Jane Customer"])], issueInstant: Date())
        let verifyBytes = try minter.mint(verifyResponse, signing: .assertion)
        let cache = InMemoryAssertionReplayCache()
        let identityProvider = try await dependencies.identityProviders.provider(named: "bench")!.identityProvider
        let validator = ResponseValidator(serviceProvider: sp, identityProvider: identityProvider, replayCache: cache)

        let gatewayClients = (0..<connections).map { _ in TestClient(host: "127.0.0.1", port: gatewayPort) }
        let helloClients = (0..<connections).map { _ in TestClient(host: "127.0.0.1", port: helloPort) }
        for client in gatewayClients + helloClients { client.connect() }

        var logins = Rounds()
        var authenticated = Rounds()
        var helloRounds = Rounds()
        var health = Rounds()
        var verify = Rounds()
        let perConnection = requestsPerRound / connections
        for _ in 0..<rounds {
            let bodies = try mint(loginsPerRound)
            logins.append(
                try await Self.timed(count: bodies.count) {
                    try await Self.spread(bodies, over: gatewayClients) { client, body in
                        let response = try await client.execute(Self.acsRequest(body))
                        guard response.status == .seeOther, response.headers[.setCookie] != nil else {
                            throw BenchmarkError("ACS answered \(response.status): \(String(buffer: response.body ?? ByteBuffer()).prefix(300))")
                        }
                    }
                })
            authenticated.append(
                try await Self.timed(count: perConnection * connections) {
                    try await Self.repeatOn(gatewayClients, times: perConnection) { client in
                        let response = try await client.execute(.init("/tickets", method: .get, headers: [.cookie: cookie]))
                        guard response.status == .ok else { throw BenchmarkError("/tickets answered \(response.status)") }
                    }
                })
            helloRounds.append(
                try await Self.timed(count: perConnection * connections) {
                    try await Self.repeatOn(helloClients, times: perConnection) { client in
                        let response = try await client.execute(.init("/hello", method: .get))
                        guard response.status == .ok else { throw BenchmarkError("/hello answered \(response.status)") }
                    }
                })
            health.append(
                try await Self.timed(count: perConnection * connections) {
                    try await Self.repeatOn(gatewayClients, times: perConnection) { client in
                        let response = try await client.execute(.init("/healthz", method: .get))
                        guard response.status == .ok else { throw BenchmarkError("/healthz answered \(response.status)") }
                    }
                })
            verify.time(iterations: 2000) {
                _ = try! validator.validate(verifyBytes, expectedRequestID: nil, now: Date())
                cache.removeAll()
            }
        }
        for client in gatewayClients + helloClients { try await client.shutdown() }

        func row(_ label: String, _ rounds: Rounds, unit: String) -> String {
            label.padding(toLength: 52, withPad: " ", startingAt: 0)
                + String(
                    format: "%9.0f %@/s  (spread %4.1f%%)", rounds.median, unit, rounds.relativeSpread * 100
                )
        }
        print(
            "gateway-live — \(rounds) rounds, \(connections) keep-alive connections over loopback, server and client in one process on \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        print("  " + row("SAML ACS logins (POST response → session cookie)", logins, unit: "logins"))
        print("  " + row("authenticated GET /tickets (session middleware)", authenticated, unit: "req"))
        print("  " + row("GET /healthz through the gateway's middleware", health, unit: "req"))
        print("  " + row("plain Hummingbird hello route", helloRounds, unit: "req"))
        print("  " + row("saml verify in-process (same run, one core)", verify, unit: "verifications"))
        print(
            String(
                format: "  ratios: authenticated/hello %.2f, logins/verify %.3f (a login also writes replay entry, audit, session: 3 fsyncs)",
                authenticated.median / helloRounds.median, logins.median / verify.median))
        print(
            String(
                format: "gateway-live: %.0f logins/s, %.0f authenticated req/s, %.0f hello req/s", logins.median, authenticated.median,
                helloRounds.median))
    }

    static func acsRequest(_ encodedResponse: String) -> TestClient.Request {
        .init(
            "/saml/acs", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "SAMLResponse=" + encodedResponse))
    }

    /// `name=value` of the session cookie among a response's cookies (the ACS answer sets the CSRF cookie too).
    static func sessionCookie(_ headers: HTTPFields) -> String? {
        headers[values: .setCookie].lazy.map { String($0.prefix { $0 != ";" }) }.first { $0.hasPrefix("gatehouse_session=") }
    }

    static func formEncode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }

    /// Seconds → operations per second for `count` operations.
    static func timed(count: Int, _ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Each client sends its share of `items`, one after another; clients run concurrently.
    static func spread<Item: Sendable>(
        _ items: [Item], over clients: [TestClient], _ body: @escaping @Sendable (TestClient, Item) async throws -> Void
    )
        async throws
    {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, client) in clients.enumerated() {
                let share = stride(from: index, to: items.count, by: clients.count).map { items[$0] }
                group.addTask { for item in share { try await body(client, item) } }
            }
            try await group.waitForAll()
        }
    }

    static func repeatOn(_ clients: [TestClient], times: Int, _ body: @escaping @Sendable (TestClient) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients {
                group.addTask { for _ in 0..<times { try await body(client) } }
            }
            try await group.waitForAll()
        }
    }
}

/// The port a server bound to, published by `onServerRunning`.
final class PortBox: Sendable {
    private let port = Mutex<Int?>(nil)

    func set(_ value: Int) { port.withLock { $0 = value } }

    func wait() async throws -> Int {
        for _ in 0..<500 {
            if let value = port.withLock({ $0 }) { return value }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BenchmarkError("the server did not start")
    }
}
