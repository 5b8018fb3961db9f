import Foundation
import GatehouseApp
import Testing

@Suite struct LogFormatTests {
    @Test("log.format is text by default, json when asked, also from the environment")
    func configured() async throws {
        #expect(try await GatehouseConfiguration.load(file: try ConfigurationTests.write(""), environment: [:]).logFormat == .text)
        let json = try await GatehouseConfiguration.load(file: try ConfigurationTests.write("log:\n  format: json\n"), environment: [:])
        #expect(json.logFormat == .json)
        let fromEnvironment = try await GatehouseConfiguration.load(
            file: try ConfigurationTests.write("log:\n  format: text\n"), environment: ["GATEHOUSE_LOG_FORMAT": "json"])
        #expect(fromEnvironment.logFormat == .json)
    }

    @Test("Any other log.format fails startup naming the key", arguments: ["JSON", "xml", "\"\"", "[json]"])
    func unknown(value: String) async throws {
        let problem = try await ConfigurationTests.problem("log:\n  format: \(value)\n")
        #expect(problem?.key == "log.format", "\(String(describing: problem))")
    }

    @Test("A typo under log: is an unknown key")
    func typo() async throws {
        #expect(try await ConfigurationTests.problem("log:\n  fromat: json\n")?.key == "log.fromat")
    }
}
