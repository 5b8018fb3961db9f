import Foundation
import GatehouseApp
import GatehouseStore
import HTTPTypes
import HummingbirdTesting
import Testing

/// `/readyz` and `/metrics` name the instance, so a probe through the load balancer tells which answered.
@Suite struct HealthControllerTests {
    @Test("/readyz says ready and names the instance; /healthz is unchanged")
    func ready() async throws {
        let gateway = try await TestGateway(server: .init(instanceID: "gw-a.eu_1"))
        try await gateway.run { browser in
            let ready = try await browser.get("/readyz")
            #expect(ready.status == .ok)
            #expect(ready.text == "ready instance=gw-a.eu_1\n")
            #expect(try await browser.get("/healthz").text == "ok\n")
        }
    }

    @Test("/readyz names the instance when the database is gone (503)")
    func unavailable() async throws {
        let gateway = try await TestGateway(server: .init(instanceID: "gw-b"))
        try await gateway.run { browser in
            try gateway.database.close()
            let response = try await browser.get("/readyz")
            #expect(response.status == .serviceUnavailable)
            #expect(response.text == "database unavailable instance=gw-b\n")
        }
    }

    @Test("/metrics has gatehouse_instance_info{instance=ID} 1")
    func metrics() async throws {
        let gateway = try await TestGateway(server: .init(instanceID: "gw-c"))
        try await gateway.run { browser in
            let text = try await browser.get("/metrics").text
            let line = text.split(separator: "\n").first { $0.hasPrefix("gatehouse_instance_info{") }
            #expect(
                line.map { $0 == #"gatehouse_instance_info{instance="gw-c"} 1.0"# || $0 == #"gatehouse_instance_info{instance="gw-c"} 1"# } == true,
                "\(text)")
            #expect(text.contains("# TYPE gatehouse_instance_info gauge"))
        }
    }

    @Test("Without server.instance_id each gateway gets its own generated id")
    func generated() async throws {
        let first = try await TestGateway().dependencies.configuration.server.instanceID
        let second = try await TestGateway().dependencies.configuration.server.instanceID
        #expect(first != second && InstanceID.isValid(first))
    }
}
