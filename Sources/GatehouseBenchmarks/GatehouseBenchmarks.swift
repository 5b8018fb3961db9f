import Foundation

/// `swift run -c release GatehouseBenchmarks <benchmark>`: prints figures; never part of `swift test`.
@main
enum GatehouseBenchmarks {
    static let names = ["saml-verify", "gateway-live", "tickets", "stores", "views", "static-page", "mail", "notify"]

    static func run(_ name: String, arguments: [String]) async throws {
        switch name {
        case "saml-verify": try SAMLVerifyBenchmark(arguments: arguments).run()
        case "gateway-live": try await GatewayBenchmark(arguments: arguments).run()
        case "tickets": try await TicketBenchmark(arguments: arguments).run()
        case "stores": try await StoresBenchmark(arguments: arguments).run()
        case "views": try await ViewsBenchmark(arguments: arguments).run()
        case "static-page": try await StaticPageServer(arguments: arguments).run()
        case "mail": try await MailBenchmark(arguments: arguments).run()
        case "notify": try await NotificationBenchmark(arguments: arguments).run()
        default: break
        }
    }

    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, names.contains(name) else {
            print("usage: GatehouseBenchmarks <\(names.joined(separator: "|"))> [--rounds N] [--cpu N]")
            exit(2)
        }
        do {
            try await run(name, arguments: Array(arguments.dropFirst()))
        } catch {
            print("benchmark failed: \(String(reflecting: error))")
            exit(1)
        }
    }
}
