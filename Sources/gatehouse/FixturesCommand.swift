import ArgumentParser

struct FixturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixtures",
        abstract: "Mint test fixtures (signed with published TEST keys) for integration tests.",
        subcommands: [FixturesSAMLCommand.self, FixturesJWTCommand.self]
    )
}
