import ArgumentParser
import Foundation
import GatehouseApp
import GatehouseCore
import Logging

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Demo data.", subcommands: [DemoSeedCommand.self])
}

/// `gatehouse demo seed`: the demo customer, colleague, stranger and agent, with tickets (once).
struct DemoSeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Create the demo contacts and tickets (tickets only if the demo customer has none); prints the passwords.")

    @OptionGroup var config: ConfigurationOptions

    @Option(name: .customLong("password-file"), help: "The demo customer's password from this file ('-' for stdin); otherwise a random one.")
    var passwordFile: String?

    @Option(name: .customLong("agent-password-file"), help: "The demo agent's password from this file; otherwise a random one.")
    var agentPasswordFile: String?

    func run() async throws {
        let configuration = try await config.load()
        let dependencies: AppDependencies
        let store: Store.Opened
        do {
            var logger = Logger(label: "gatehouse")
            logger.logLevel = .warning
            store = try await Store.open(configuration, logger: logger)
            dependencies = try await AppDependencies.live(configuration: configuration, store: store, logger: logger)
        } catch let error as GatehouseApp.ConfigurationError {
            throw CommandError("configuration: \(error)")
        }
        let password = try passwordFile.map { try InputFile.text($0, what: "password").trimmingCharacters(in: .newlines) }
        let agentPassword = try agentPasswordFile.map { try InputFile.text($0, what: "agent password").trimmingCharacters(in: .newlines) }
        for (candidate, email) in [(password, DemoSeed.email), (agentPassword, DemoSeed.agentEmail)] {
            if let candidate, let problem = configuration.membership.passwordPolicy.problem(with: candidate, email: email) {
                throw CommandError("the password for \(email.value) is refused: \(problem)")
            }
        }
        try await DemoSeed(dependencies: dependencies).run(password: password, agentPassword: agentPassword)
        await store.close()
    }
}
