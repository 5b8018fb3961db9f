import ArgumentParser
import Foundation
import GatehouseApp
import GatehouseCore
import Logging

/// `--config FILE`, shared by every command that reads the gateway configuration.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "The configuration file (YAML); GATEHOUSE_* environment variables override its keys.")
    var file = "Config/gatehouse.yaml"

    func load(_ overrides: GatehouseConfiguration.Overrides = .init()) async throws(CommandError) -> GatehouseConfiguration {
        do {
            return try await GatehouseConfiguration.load(file: file, overrides: overrides)
        } catch {
            throw CommandError("configuration: \(error)")
        }
    }

    /// The configuration and its store, for admin commands. A PostgreSQL pool runs in a task of its own
    /// until the command's process ends (its connections close with it).
    func openStore() async throws(CommandError) -> (GatehouseConfiguration, Repositories) {
        let configuration = try await load()
        var logger = Logger(label: "gatehouse")
        logger.logLevel = .warning
        do {
            return (configuration, try await Store.open(configuration, logger: logger).repositories)
        } catch {
            throw CommandError("configuration: \(error)")
        }
    }
}
