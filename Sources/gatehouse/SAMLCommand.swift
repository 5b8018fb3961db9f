import ArgumentParser

struct SAMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saml",
        abstract: "Verify SAML responses and produce SP metadata and login requests.",
        subcommands: [SAMLVerifyCommand.self, SAMLSPMetadataCommand.self, SAMLAuthnRequestCommand.self, SAMLReasonsCommand.self]
    )
}
