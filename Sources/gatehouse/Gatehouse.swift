import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

/// The `gatehouse` command line. Exit status: 0 success, 1 rejection (e.g. a SAML response refused),
/// 2 usage or configuration error.
@main
struct Gatehouse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract: "Gatehouse: SSO identity gateway and customer support portal.",
        subcommands: [
            ServeCommand.self, IdentityProviderCommand.self, ListsCommand.self, ContactsCommand.self, AdminCommand.self, JWTAppCommand.self,
            OutboxCommand.self, APITokenCommand.self, DatabaseCommand.self, DemoCommand.self, SAMLCommand.self, FixturesCommand.self,
        ]
    )

    static func main() async {
        // Swift Concurrency jobs run on NIO's event loops instead of a second thread pool: every request
        // handler otherwise hops from the event loop to the pool and back (a context switch each way,
        // a tenth of a page's cost on one core). First statement on the main thread, as NIO requires.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as CommandError {
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

/// A problem with the command's inputs (unreadable file, bad certificate, bad configuration): exit status 2.
struct CommandError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Writes a line to standard output unbuffered, so scripts reading a long-running command (`serve`)
/// see it at once, not when a pipe buffer fills.
func printUnbuffered(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
