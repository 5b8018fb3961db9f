import ArgumentParser
import Foundation

/// The `gatehouse` command line. Exit status: 0 success, 1 rejection (e.g. a SAML response refused),
/// 2 usage or configuration error.
@main
struct Gatehouse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract: "Gatehouse: SSO identity gateway and customer support portal.",
        subcommands: [SAMLCommand.self, FixturesCommand.self]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            Foundation.exit(2)
        } catch {
            // --help and --version exit 0 through ArgumentParser; every other parse error is a usage error.
            if exitCode(for: error) == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// A problem with the command's inputs (unreadable file, bad certificate): exit status 2.
struct ConfigurationError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
