import ArgumentParser
import Foundation
import GatehouseApp
import GatehouseCore
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// `gatehouse serve`: the gateway and portal.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway and portal.",
        discussion: """
            The SP entityID defaults to <base-url>/saml/metadata and the ACS to <base-url>/saml/acs.
            With the embedded demo configuration (Config/gatehouse.yaml) it binds to 127.0.0.1:8080 and prints a
            demo contact and password.
            """
    )

    @OptionGroup var config: ConfigurationOptions

    @Option(help: "Address to bind (overrides server.host).")
    var host: String?

    @Option(help: "Port to bind (overrides server.port).")
    var port: Int?

    @Option(name: .customLong("base-url"), help: "Public URL browsers and IdPs use (overrides portal.base_url).")
    var baseURL: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func run() async throws {
        // Loading the configuration makes no logger, so the log format it names is bootstrapped before any.
        let configuration = try await config.load(.init(host: host, port: port, baseURL: baseURL))
        guard let level = Logger.Level(rawValue: logLevel) else { throw CommandError("--log-level \(logLevel) is not a log level") }
        if configuration.logFormat == .json {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        }
        var logger = Logger(label: "gatehouse")
        logger.logLevel = level
        logger[metadataKey: "instance"] = .string(configuration.server.instanceID)
        let dependencies: AppDependencies
        let store: Store.Opened
        do {
            store = try await Store.open(configuration, logger: logger)
            dependencies = try await AppDependencies.live(configuration: configuration, store: store, logger: logger)
        } catch let error as GatehouseApp.ConfigurationError {
            throw CommandError("configuration: \(error)")
        }
        if configuration.demo {
            try await DemoSeed(dependencies: dependencies).run()
        }
        let identityProviders = try await dependencies.identityProviders.all()
        printUnbuffered("Gatehouse is serving \(configuration.portal.title) at \(configuration.portal.baseURL.url("/login"))")
        printUnbuffered("  configuration \(configuration.source), database \(store.description), instance \(configuration.server.instanceID)")
        printUnbuffered("  SAML metadata \(configuration.portal.baseURL.url("/saml/metadata")) (entityID \(configuration.serviceProviderEntityID))")
        printUnbuffered("  identity providers: \(identityProviders.isEmpty ? "none" : identityProviders.map(\.name).joined(separator: ", "))")
        let application = try await buildApplication(dependencies)
        // SIGTERM/SIGINT: requests in flight get most of server.shutdown_timeout, the rest is cancelled, and
        // ShutdownDeadline ends the process at the limit whatever is still stuck.
        let limit = configuration.server.shutdownTimeout
        let phases = ShutdownDeadline.phases(of: limit)
        var groupConfiguration = ServiceGroupConfiguration(
            services: (store.postgres.map { [$0] } ?? []) + [application, ShutdownDeadline(limit: limit, logger: logger)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = phases.graceful
        groupConfiguration.maximumCancellationDuration = phases.cancellation
        try await ServiceGroup(configuration: groupConfiguration).run()
    }
}
