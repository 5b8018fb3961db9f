import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct PortalRouteTests {
    @Test("Portal switched off: every portal route answers 503 access.portal_disabled, even signed in")
    func portalDisabled() async throws {
        let gateway = try await TestGateway(portalEnabled: false)
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            #expect(try await browser.get("/tickets").reasonCode == "access.portal_disabled")
            try await SessionRouteTests.signIn(browser)
            let response = try await browser.get("/tickets")
            #expect(response.status == .serviceUnavailable)
            #expect(response.reasonCode == "access.portal_disabled")
            #expect(response.text.contains("The portal is unavailable"))
        }
    }

    @Test("A path prefix moves the portal: /support/tickets")
    func pathPrefix() async throws {
        let gateway = try await TestGateway(pathPrefix: "/support")
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            #expect(try await browser.get("/").location == "/support/tickets")
            #expect(try await browser.get("/tickets").status == .notFound)
            try await browser.get("/login")
            let response = try await browser.post("/login", form: [("email", "ada@example.com"), ("password", TestGateway.password)])
            #expect(response.location == "/support/tickets")
            #expect(try await browser.get("/support/tickets").status == .ok)
        }
    }

    @Test("Unknown pages: 404 with request.not_found, never an error text")
    func notFound() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let response = try await browser.get("/admin/../etc/passwd")
            #expect(response.status == .notFound)
            #expect(response.reasonCode == "request.not_found")
            #expect(response.text.contains("Page not found"))
        }
    }

    @Test("Pages follow Accept-Language (German), else the default language")
    func language() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            let german = try await browser.get("/login", headers: [.acceptLanguage: "fr-CH, de-DE;q=0.8, en;q=0.5"])
            #expect(german.text.contains("<html lang=\"de\">") && german.text.contains("Anmelden"))
            let english = try await browser.get("/login", headers: [.acceptLanguage: "fr"])
            #expect(english.text.contains("<html lang=\"en\">") && english.text.contains("Sign in"))
        }
    }

    @Test("/healthz, /readyz, /metrics and the stylesheet")
    func operations() async throws {
        let gateway = try await TestGateway()
        try await gateway.contact("ada@example.com")
        try await gateway.run { browser in
            #expect(try await browser.get("/healthz").text == "ok\n")
            #expect(try await browser.get("/readyz").status == .ok)
            try await SessionRouteTests.signIn(browser)
            try await browser.post("/login", form: [("email", "ada@example.com"), ("password", "wrong password!")])
            let metrics = try await browser.get("/metrics")
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("gatehouse_logins_total{method=\"password\"} 1"))
            #expect(metrics.text.contains("gatehouse_rejections_total{method=\"password\",reason=\"login.invalid_credentials\"} 1"))
            #expect(metrics.text.contains("gatehouse_http_request_duration_seconds_bucket{route=\"/login\",method=\"POST\",status=\"303\""))
            let css = try await browser.get("/static/gatehouse.css")
            #expect(css.headers[.contentType] == "text/css; charset=utf-8" && css.text.contains("main {"))
        }
    }

    @Test("/readyz answers 503 when the database is gone")
    func notReady() async throws {
        let gateway = try await TestGateway()
        try await gateway.run { browser in
            try gateway.database.close()
            #expect(try await browser.get("/readyz").status == .serviceUnavailable)
        }
    }

    @Test("/readyz answers 503 within its deadline while the database does not answer")
    func readinessDeadline() async throws {
        let gateway = try await TestGateway(server: .init(readinessTimeout: .milliseconds(200)))
        let database = gateway.database
        try await gateway.run { browser in
            // The writer is busy for three seconds (a stuck disk, a long migration).
            let stuck = Task { try await database.write { _ in Thread.sleep(forTimeInterval: 3) } }
            try await Task.sleep(for: .milliseconds(50))
            let started = ContinuousClock.now
            let response = try await browser.get("/readyz")
            #expect(response.status == .serviceUnavailable)
            #expect(response.text == "database not answering instance=\(gateway.dependencies.configuration.server.instanceID)\n")
            #expect(ContinuousClock.now - started < .seconds(2))
            try await stuck.value
            #expect(try await browser.get("/readyz").status == .ok)
        }
    }
}
