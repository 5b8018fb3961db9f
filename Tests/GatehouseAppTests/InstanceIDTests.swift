import Foundation
import GatehouseApp
import Testing

@Suite struct InstanceIDTests {
    /// A fixed sequence instead of the system's random numbers.
    struct FixedGenerator: RandomNumberGenerator {
        var value: UInt64
        mutating func next() -> UInt64 { value }
    }

    static func load(_ yaml: String, environment: [String: String] = [:]) async throws -> GatehouseConfiguration {
        try await GatehouseConfiguration.load(file: try ConfigurationTests.write(yaml), environment: environment)
    }

    @Test(
        "1 to 64 characters of A-Z a-z 0-9 . _ -",
        arguments: [
            ("web-1", true), ("a", true), ("eu-west.gw_07", true), (String(repeating: "x", count: 64), true),
            ("", false), (String(repeating: "x", count: 65), false), ("web 1", false), ("web/1", false), ("wëb", false),
            ("web\n1", false), ("web=1", false), ("web\"1", false),
        ])
    func validity(id: String, valid: Bool) {
        #expect(InstanceID.isValid(id) == valid)
    }

    @Test("The default is the host name, a hyphen and 6 random hex digits, always a valid id")
    func generated() {
        var generator = FixedGenerator(value: 0xABC)
        let id = InstanceID.generated(hostName: "web-1.example.com", using: &generator)
        #expect(id.hasPrefix("web-1.example.com-") && id.count == "web-1.example.com-".count + 6)
        #expect(id.suffix(6).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(InstanceID.isValid(id))
        #expect(InstanceID.isValid(InstanceID.generated(hostName: String(repeating: "h", count: 300))))
        #expect(InstanceID.generated(hostName: String(repeating: "h", count: 300)).count == 64)
        #expect(InstanceID.generated(hostName: "odd host/ä").hasPrefix("odd-host---"))
        #expect(InstanceID.generated(hostName: "").hasPrefix("gatehouse-"))
        #expect(InstanceID.generated(hostName: "same") != InstanceID.generated(hostName: "same"))
    }

    @Test("server.instance_id: given, from the environment, or chosen at startup when empty")
    func configured() async throws {
        #expect(try await Self.load("server:\n  instance_id: gw-a\n").server.instanceID == "gw-a")
        #expect(try await Self.load("", environment: ["GATEHOUSE_SERVER_INSTANCE_ID": "gw-b"]).server.instanceID == "gw-b")
        let chosen = try await Self.load("").server.instanceID
        #expect(InstanceID.isValid(chosen) && chosen.count > 7)
        #expect(try await Self.load("").server.instanceID != chosen)
    }

    @Test(
        "A malformed server.instance_id fails startup naming the key",
        arguments: ["web 1", String(repeating: "x", count: 65), "\"a/b\"", "\"a:b\""])
    func malformed(id: String) async throws {
        let problem = try await ConfigurationTests.problem("server:\n  instance_id: \(id)\n")
        #expect(problem?.key == "server.instance_id", "\(String(describing: problem))")
    }
}
