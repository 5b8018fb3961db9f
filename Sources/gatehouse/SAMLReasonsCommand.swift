import ArgumentParser
import SAML

/// `gatehouse saml reasons`: every rejection code with its meaning, for runbooks and the README.
struct SAMLReasonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reasons", abstract: "List every SAML rejection code with a one-line explanation.")

    @Flag(help: "Print a Markdown table.")
    var markdown = false

    func run() {
        if markdown {
            print("| code | meaning |")
            print("| --- | --- |")
        }
        for code in SAMLError.Code.allCases {
            print(markdown ? "| `\(code.rawValue)` | \(code.summary) |" : "\(code.rawValue)\t\(code.summary)")
        }
    }
}
